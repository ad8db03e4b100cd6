"""The example corpus end to end: analyse with `places`, then series, network and map."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES  # tests/conftest.py

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    import parley.places  # noqa: F401  (registers the `places` component)
    from parley.api import analyze_files
    from parley.settings import load_settings
    from parley.store import Store

    settings = load_settings(pipeline=("nlp", "actors", "times", "quotes", "events", "places"))
    path = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    with Store(path) as store:
        store.add_many(analyze_files([str(EXAMPLES)], settings=settings))
    return path


def test_every_example_event_of_the_news_has_a_place(example_store):
    from parley.analysis.frames import events

    ev = events(example_store)
    assert len(ev) > 20
    # the dateline places what the story reports, not what it recalls from years before
    import pandas as pd

    published = pd.to_datetime(ev["published"])
    recalled = pd.to_datetime(ev["event_date"]) < published - pd.Timedelta(days=400)  # years before
    assert ev.loc[~recalled, "location_name"].notna().all()
    assert ev.loc[recalled, "location_name"].isna().any()
    assert set(ev["location_country"].dropna()) >= {"CHE", "NER", "NOR", "PHL", "ARG", "BEL"}


def test_example_series_network_and_map(example_store):
    from parley.analysis.geo import event_places
    from parley.analysis.network import network
    from parley.analysis.series import series

    yearly = series(example_store, by="year")
    assert yearly["events"].sum() + yearly.attrs["left_out"] == yearly.attrs["selected"]
    assert "2025" in set(yearly["period"])
    nodes, edges = network(example_store)
    assert len(edges) >= 1 and set(edges["source"]) <= set(nodes["id"])
    from parley.analysis.frames import events

    places = event_places(example_store)
    # the events recalled from years before have no place (see above): the map counts them apart
    assert places.attrs["unplaced"] == events(example_store)["location_name"].isna().sum() > 0
    assert {"Geneva", "Niamey", "Manila"} <= set(places["place"])
