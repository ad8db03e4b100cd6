"""The actors stage over invented sentences: codes, mentions and their offsets."""

from __future__ import annotations

from parley.actors.kb import load_kb
from parley.actors.resolver import find_actors, make_actors, resolve_name
from parley.document import Document
from parley.pipeline import Context
from parley.settings import load_settings


def by_code(actors):
    return {a.code: a for a in actors}


def mentions(actors, ident):
    return [m.text for a in actors if a.id == ident for m in a.mentions]


def assert_offsets(text, actors):
    for actor in actors:
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text


def test_title_span_and_surname_linking():
    text = ("Ayatollah Seiyed Ali Khamenei spoke on Monday. Later Khamenei said talks were useless, "
            "and Ayatollah Khamenei repeated it.")
    actors = find_actors(text, on_date="2018-08-14")
    assert_offsets(text, actors)
    assert mentions(actors, "ali_khamenei") == [
        "Ayatollah Seiyed Ali Khamenei", "Khamenei", "Ayatollah Khamenei"]
    assert by_code(actors)["IRNGOV"].id == "ali_khamenei"


def test_demonym_agent_codes():
    text = ("Iranian officials met Iranian students while Iranian reformists and American "
            "diplomats watched. Iranian protesters gathered.")
    codes = {a.code for a in find_actors(text)}
    assert {"IRNGOV", "IRNEDU", "IRNOPP", "USAGOV", "IRNCVL"} <= codes


def test_adjective_alone_is_not_an_actor():
    actors = find_actors("The Iranian perspective differs from the American imagery.")
    assert actors == []


def test_united_states_variants_and_possessive():
    text = "The US and the U.S. and the United States and America agreed. Washington's reply came."
    actors = find_actors(text)
    assert_offsets(text, actors)
    assert len(mentions(actors, "USA")) == 4
    assert mentions(actors, "USAGOV") == ["Washington"]


def test_lowercase_us_is_a_pronoun():
    assert find_actors("Let us talk, who knows.") == []


def test_trump_administration_is_the_us_government():
    text = "During the Trump administration, sanctions returned."
    actors = find_actors(text, on_date="2019-01-01")
    assert by_code(actors)["USAGOV"].mentions[0].text == "Trump administration"


def test_role_by_date_for_the_us_president():
    text = "The US president said the deal was bad."
    assert find_actors(text, on_date="2018-08-14")[0].id == "donald_trump"
    assert find_actors(text, on_date="2010-08-14")[0].id == "barack_obama"
    assert find_actors(text)[0].code == "USAGOV"  # no date: the government


def test_the_supreme_leader_without_country():
    text = "Iran said the Supreme Leader would decide."
    ids = [a.id for a in find_actors(text, on_date="2018-08-14")]
    assert "ali_khamenei" in ids


def test_person_code_depends_on_date():
    text = "President Barack Obama signed it."
    assert find_actors(text, on_date="2015-07-14")[0].code == "USAGOV"
    assert find_actors(text, on_date="2024-01-01")[0].code == "USAELI"


def test_metonyms():
    text = "The Kremlin rejected it; the Pentagon and Downing Street agreed, Brussels hesitated."
    codes = {a.code for a in find_actors(text)}
    assert {"RUSGOV", "USAMIL", "GBRGOV", "IGOEUR"} <= codes


def test_capital_after_preposition_is_a_place():
    actors = find_actors("The embassy in Tehran closed.")
    assert "IRNGOV" not in {a.id for a in actors}


def test_romanised_names_in_text():
    text = ("Lt. Gen. Kasem Soleimani led the Quds Force. Prime Minister Mohammad Mosadegu was "
            "ousted; the Pallavi regime followed.")
    actors = find_actors(text, on_date="2020-01-01")
    assert_offsets(text, actors)
    ids = {a.id for a in actors}
    assert {"qasem_soleimani", "IRN-QUDS", "IRN-PAHLAVI"} <= ids
    assert mentions(actors, "qasem_soleimani") == ["Lt. Gen. Kasem Soleimani"]


def test_osama_is_not_obama():
    actors = find_actors("Osama bin Laden hid for years; Obama announced his death.")
    assert [a.id for a in actors] == ["osama_bin_laden", "barack_obama"]


def test_coordinated_demonyms_share_the_agent():
    codes = {a.code for a in find_actors("The British and US governments organised the coup.")}
    assert {"GBRGOV", "USAGOV"} <= codes


def test_resolve_name_helper():
    assert resolve_name("Mossadegh").id == "mohammad_mosaddegh"
    assert resolve_name("Bush", "2003-03-20").id == "george_w_bush"
    assert resolve_name("Bush", "1990-03-20").id == "george_h_w_bush"
    assert resolve_name("Bush", "2016-01-01") is None  # two former presidents: ambiguous


def test_shared_full_name_goes_by_the_date_then_to_the_former_head():
    """Two Gerhard Schröders: the CDU minister of the 1960s, the chancellor of 1998-2005."""
    assert resolve_name("Gerhard Schröder", "1963-05-01").id == "gerhard_schroder_cdu"
    assert resolve_name("Gerhard Schroeder", "2003-01-01").id == "gerhard_schroder"
    assert resolve_name("Gerhard Schröder", "2024-01-01").id == "gerhard_schroder"  # the former chancellor
    ids = {a.id for a in find_actors("The West German foreign minister flew to Paris.", on_date="1963-05-01")}
    assert "gerhard_schroder_cdu" in ids


def test_component_with_user_actors_file(tmp_path):
    path = tmp_path / "actors.jsonl"
    path.write_text('{"id": "zlf", "name": "Zorbian Liberation Front", "type": "group", '
                    '"country": "IRN", "sectors": ["REB"], "aliases": ["ZLF"]}\n', encoding="utf-8")
    settings = load_settings(actors_file=str(path))
    text = "The ZLF attacked a convoy, Iranian police said."
    ctx = Context(document=Document(id="d", text=text, published="2018-08-14"), settings=settings)
    make_actors(settings)(ctx)  # no spaCy doc: dictionary matching alone
    codes = {a.code: a.id for a in ctx.actors}
    assert codes["IRNREB"] == "zlf"
    assert "IRNCOP" in codes
    assert ctx.errors == []


def test_component_reports_a_missing_actors_file(tmp_path):
    settings = load_settings(actors_file=str(tmp_path / "nope.jsonl"))
    ctx = Context(document=Document(id="d", text="Iran spoke."), settings=settings)
    make_actors(settings)(ctx)
    assert [e.code for e in ctx.errors] == ["E100"]
    assert ctx.actors[0].id == "IRN"


def test_fuzzy_threshold_setting_is_used():
    assert load_kb(None, 100.0).lookup("Mohammad Mosadegu") is None
    assert load_kb(None, 88.0).lookup("Mohammad Mosadegu").id == "mohammad_mosaddegh"
