"""The offline gazetteer: names to countries and coordinates, no network."""

from __future__ import annotations

import pytest

from parley.places.gazetteer import load_gazetteer, normalise


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize("name,country", [
    ("GENEVA", "CHE"), ("Tromsø", "NOR"), ("TROMSO", "NOR"), ("Buenos Aires", "ARG"),
    ("Kiev", "UKR"), ("Niamey", "NER"), ("Reykjavik", "ISL"),
])
def test_cities_resolve_to_country_and_coordinates(gaz, name, country):
    place = gaz.lookup(name)
    assert place is not None and place.country == country and place.kind == "city"
    assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


def test_geneva_is_where_it_should_be(gaz):
    place = gaz.lookup("Geneva")
    assert place.lat == pytest.approx(46.2, abs=0.1) and place.lon == pytest.approx(6.15, abs=0.1)


@pytest.mark.parametrize("name,country", [("U.S.", "USA"), ("Britain", "GBR"), ("Iran", "IRN"),
                                          ("the Netherlands", "NLD"), ("Georgia", "GEO")])
def test_countries_and_aliases_resolve_without_coordinates(gaz, name, country):
    place = gaz.lookup(name)
    assert place.country == country and place.kind == "country" and place.lat is None


def test_seas_and_disputed_places_come_from_the_regions_table(gaz):
    sea = gaz.lookup("the South China Sea")
    assert sea.kind == "sea" and sea.country is None and sea.lat is not None
    assert sea.name == "South China Sea"
    assert gaz.lookup("Crimea").country == "UKR"


def test_hints_weigh_in_but_do_not_beat_a_capital(gaz):
    assert gaz.lookup("Paris").country == "FRA"
    assert gaz.lookup("Paris", ("USA",)).country == "FRA"  # 2 million people outweigh a hint
    assert gaz.lookup("Springfield").country == "USA"


def test_unknown_and_empty_names(gaz):
    assert gaz.lookup("Xqzzyville") is None
    assert gaz.lookup("") is None and gaz.lookup(None) is None


def test_normalise_folds_case_accents_dots_and_articles():
    assert normalise("  The  TROMSØ ") == "tromso"
    assert normalise("U.S.") == "us"
    assert normalise("Goïta") == "goita"


def test_pickled_gazetteer_answers_as_the_original(gaz):
    import pickle

    read = pickle.loads(pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
    for name, hints in [("Tromsø", ()), ("Paris", ("USA",)), ("Springfield", ()), ("Lagos", ("NGA",)),
                        ("Crimea", ()), ("Xqzzyville", ())]:
        assert read.lookup(name, hints) == gaz.lookup(name, hints)
    assert read.cities.keys() == gaz.cities.keys() and read.alternates.keys() == gaz.alternates.keys()


def test_city_tables_list_places_of_each_name(gaz):
    paris = gaz.cities["paris"]
    assert len(paris) > 1 and {p.country for p in paris} >= {"FRA", "USA"}
    assert all(p.kind == "city" and p.lat is not None for p in paris)
    assert max(paris, key=lambda p: p.population) == gaz.lookup("Paris")
