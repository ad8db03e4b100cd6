"""KB breadth: prominent political figures with their terms (data/persons_politicians.jsonl): US
congressional leaders, nominees, cabinet members, security chiefs and UN ambassadors; UK opposition
leaders, chancellors and home secretaries; opposition leaders of Israel, Turkey and India; Iran's
speakers and heads of the judiciary; White House chiefs of staff, directors of national intelligence,
Israeli chiefs of staff, Moscow patriarchs, grand imams of al-Azhar, Russian and Israeli security chiefs
and Knesset speakers."""

from __future__ import annotations

from collections import defaultdict

import pytest

from parley.actors.kb import BASE_FILES, default_kb
from parley.actors.resolver import find_actors

from .kb_data import data_rows, earliest_start, rough_roles_without_note

FILE = "persons_politicians.jsonl"


def _rows() -> list[dict]:
    return data_rows(FILE)


def test_file_is_loaded_and_every_row_names_a_source():
    assert FILE in BASE_FILES
    rows = _rows()
    assert len(rows) >= 300
    assert len({row["id"] for row in rows}) == len(rows)
    assert all(row.get("source", "").startswith("Wikipedia: ") for row in rows)
    assert all(row["type"] == "person" and row["gender"] in ("f", "m") for row in rows)


def test_rough_dates_carry_a_note():
    assert not rough_roles_without_note(_rows())


def test_one_office_of_this_file_has_one_holder_at_a_time():
    """Holders of one office, in order, hand over no earlier than the day the last one left."""
    terms: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for row in _rows():
        for role in row["roles"]:
            terms[(role["country"], role["title"])].append((role["start"], role["end"] or "9999", row["id"]))
    for office, spans in terms.items():
        spans.sort()
        for (_, end, who), (start, _, nxt) in zip(spans, spans[1:], strict=False):
            # a date known only to the month or year may share that month or year
            assert start >= end or end.startswith(start) or start.startswith(end[:7]), (office, who, nxt)


@pytest.mark.parametrize("country,title,since", [
    ("USA", "Speaker of the House", "1947"), ("USA", "Senate Majority Leader", "1947"),
    ("USA", "Senate Minority Leader", "1947"), ("USA", "House Majority Leader", "1947"),
    ("USA", "House Minority Leader", "1947"), ("USA", "Attorney General", "1980"),
    ("USA", "Secretary of the Treasury", "1980"), ("USA", "Secretary of Homeland Security", "2003"),
    ("USA", "National Security Advisor", "1980"), ("USA", "CIA Director", "1980"),
    ("USA", "FBI Director", "1980"), ("USA", "Ambassador to the United Nations", "1980"),
    ("USA", "Chairman of the Joint Chiefs of Staff", "1980"), ("USA", "Presidential nominee", "1980"),
    ("GBR", "Leader of the Opposition", "1945"), ("GBR", "Chancellor of the Exchequer", "1979"),
    ("GBR", "Home Secretary", "1979"), ("IRN", "Speaker of Parliament", "1990"),
    ("IRN", "Chief Justice", "1990"), ("USA", "White House Chief of Staff", "1981"),
    ("USA", "Director of National Intelligence", "2005"), ("ISR", "Chief of Staff", "1949"),
    ("RUS", "Patriarch of Moscow", "1945"), ("EGY", "Grand Imam of al-Azhar", "1996"),
])
def test_offices_are_listed_from_early_on(country, title, since):
    first = earliest_start(country, title)
    assert first is not None and first <= since + "-12-31", (country, title, first)


@pytest.mark.parametrize("title,country,date,want", [
    ("Speaker of the House", "USA", "2020-06-01", "nancy_pelosi"),
    ("Speaker of the House", "USA", "1996-06-01", "newt_gingrich"),
    ("Senate Majority Leader", "USA", "2016-06-01", "mitch_mcconnell"),
    ("Senate Minority Leader", "USA", "1965-06-01", "everett_dirksen"),
    ("House Minority Leader", "USA", "1970-06-01", "gerald_ford"),
    ("Attorney General", "USA", "2014-06-01", "eric_holder"),
    ("Secretary of the Treasury", "USA", "2010-06-01", "timothy_geithner"),
    ("Secretary of Homeland Security", "USA", "2010-06-01", "janet_napolitano"),
    ("National Security Advisor", "USA", "1980-06-01", "zbigniew_brzezinski"),
    ("CIA Director", "USA", "2000-06-01", "george_tenet"),
    ("FBI Director", "USA", "2015-06-01", "james_comey"),
    ("Ambassador to the United Nations", "USA", "2010-06-01", "susan_rice"),
    ("Chairman of the Joint Chiefs of Staff", "USA", "1991-02-01", "colin_powell"),
    ("Chancellor of the Exchequer", "GBR", "1985-06-01", "nigel_lawson"),
    ("Home Secretary", "GBR", "2012-06-01", "theresa_may"),
    ("Leader of the Opposition", "GBR", "2016-06-01", "jeremy_corbyn"),
    ("Leader of the Opposition", "ISR", "2015-06-01", "isaac_herzog"),
    ("Leader of the Opposition", "TUR", "2015-06-01", "kemal_kilicdaroglu"),
    ("Leader of the Opposition", "IND", "2012-06-01", "sushma_swaraj"),
    ("Speaker of Parliament", "IRN", "1995-06-01", "ali_akbar_nategh_nouri"),
    ("Chief Justice", "IRN", "2000-06-01", "mahmoud_hashemi_shahroudi"),
    ("White House Chief of Staff", "USA", "2014-06-01", "denis_mcdonough"),
    ("Director of National Intelligence", "USA", "2012-06-01", "james_clapper"),
    ("Chief of Staff", "ISR", "2013-06-01", "benny_gantz"),
    ("Patriarch of Moscow", "RUS", "2000-06-01", "alexy_ii_of_moscow"),
    ("Chief of the General Staff", "RUS", "2022-03-01", "valery_gerasimov"),
    ("FSB Director", "RUS", "1999-01-01", "vladimir_putin"),
    ("Director of the Mossad", "ISR", "2018-06-01", "yossi_cohen"),
    ("Speaker of the Knesset", "ISR", "2020-04-15", "benny_gantz"),
])
def test_holder_on_a_date(title, country, date, want):
    holder = default_kb().holder(title, country, date)
    assert holder is not None and holder.id == want, (title, date, holder and holder.id)


@pytest.mark.parametrize("text,date,want,code", [
    ("Bob Dole met the farm lobby.", "1986-05-01", "bob_dole", "USALEG"),
    ("Bob Dole met the farm lobby.", "1996-09-15", "bob_dole", "USAPTY"),
    ("Bob Dole met the farm lobby.", "2005-05-01", "bob_dole", "USAELI"),
    ("Colin Powell flew to Riyadh.", "1988-06-01", "colin_powell", "USAGOV"),
    ("Colin Powell flew to Riyadh.", "1991-01-10", "colin_powell", "USAMIL"),
    ("Robert Gates briefed reporters.", "1992-03-01", "robert_gates", "USASPY"),
    ("Robert Gates briefed reporters.", "2008-03-01", "robert_gates", "USAGOV"),
    ("Nancy Pelosi answered questions.", "2008-03-01", "nancy_pelosi", "USALEG"),
    ("Jeremy Corbyn answered questions.", "2017-03-01", "jeremy_corbyn", "GBROPP"),
    ("Sajid Javid answered questions.", "2019-09-01", "sajid_javid", "GBRGOV"),
    ("Mehdi Karroubi answered questions.", "2002-03-01", "mehdi_karroubi", "IRNLEG"),
])
def test_people_are_coded_by_the_role_held_on_the_date(text, date, want, code):
    found = {a.id: a.code for a in find_actors(text, on_date=date)}
    assert found.get(want) == code, found


def test_two_people_of_one_name_part_by_middle_initial():
    """George Brown (UK Labour) and General George S. Brown (US Joint Chiefs) are two entries."""
    kb = default_kb()
    assert kb.lookup("George Brown", "1963-02-01").id == "george_brown_uk"
    assert kb.lookup("George S. Brown", "1976-01-01").id == "george_s_brown"


def test_a_sitting_vice_president_who_ran_stays_in_government():
    """Nominee roles are kept for those not in office: Al Gore in October 2000 is still USAGOV."""
    found = {a.id: a.code for a in find_actors("Al Gore spoke in Ohio.", on_date="2000-10-01")}
    assert found.get("al_gore") == "USAGOV", found
    dole = default_kb().get("bob_dole")
    assert dole is not None and dole.role_on("1996-10-01").title == "Presidential nominee"


def test_extended_people_keep_their_defining_role_first():
    """Rows that add roles to people listed before leave the first (defining) role in place."""
    kb = default_kb()
    assert kb.get("colin_powell").roles[0].title == "Secretary of State"
    assert kb.get("john_major").roles[0].title == "Prime Minister"
    assert kb.get("nancy_pelosi").roles[0].title == "Speaker of the House"
