"""Metadata found in the text itself, and document_from_text's rules for explicit values."""

from __future__ import annotations

import pytest

from parley.errors import ParleyError
from parley.readers import document_from_text, find_metadata, outlet_from_url
from parley.readers.metadata import find_date, parse_date


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("MADRID – The minister said on Monday that talks would go on.", "MADRID"),
        ("TEHRAN, Aug 14 (Reuters) - Officials rejected the offer.", "TEHRAN"),
        ("WASHINGTON — The senator called for new sanctions.", "WASHINGTON"),
        ("NEW YORK (AP) — The council adopted a resolution.", "NEW YORK"),
        ("BEIRUT, Lebanon -- A strike closed the port.", "BEIRUT"),
        ("Nairobi, March 3 (Xinhua) – Kenya signed the accord.", "Nairobi"),
        ("SÃO PAULO – Protesters marched downtown.", "SÃO PAULO"),
    ],
)
def test_dateline_place_is_kept_as_written(opening, place):
    assert document_from_text(opening).dateline == place


@pytest.mark.parametrize(
    "opening",
    [
        "EXCLUSIVE - Oil ministers plan a surprise cut.",
        "The talks in Geneva – the third round – ended early.",
        "Ministers met in Rome on Monday to discuss grain exports.",
    ],
)
def test_no_dateline_where_there_is_none(opening):
    assert document_from_text(opening).dateline is None


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Talks stall in Vienna\n\nBy Jane Doe\n\nVIENNA – Diplomats left.", "Jane Doe"),
        (
            '[toggler title="By Omar Haddad" ]Omar Haddad writes from Amman.[/toggler]\n\nBody text.',
            "Omar Haddad",
        ),
        (
            "[toggler title=”By Lina Farouk” ]Lina Farouk is a writer.[/toggler]\n\nBody.",
            "Lina Farouk",
        ),
        ("Posted by Maria de la Cruz | August 14, 2018\n\nBody text.", "Maria de la Cruz"),
        ("BY PETER NWOSU\nLAGOS – Fuel prices rose.", "PETER NWOSU"),
    ],
)
def test_byline(text, author):
    assert document_from_text(text).author == author


@pytest.mark.parametrize(
    "text",
    [
        "By Monday the talks had collapsed and both sides went home.",
        "By then, nobody expected a deal.\nMore.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(text):
    assert document_from_text(text).author is None


def test_title_is_a_short_first_line_without_final_punctuation():
    meta = find_metadata(
        "Skip to content\nRivals agree to a ceasefire in the north\n\nThe two sides signed."
    )
    assert meta.title == "Rivals agree to a ceasefire in the north"
    assert find_metadata("This is a sentence.\n\nAnother one.").title is None
    assert find_metadata("A lonely line with no body").title is None
    assert find_metadata("# Markdown heading works\n\nBody.").title == "Markdown heading works"


def test_title_with_dash_followed_by_a_dateline():
    meta = find_metadata("US – China trade talks stall\n\nBEIJING – Negotiators left on Monday.")
    assert (meta.title, meta.dateline) == ("US – China trade talks stall", "BEIJING")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Storm hits coast\n\nPublished: 14 August 2018\n\nHeavy rain fell.", "2018-08-14"),
        ("Storm hits coast\nAugust 14, 2018\n\nHeavy rain fell.", "2018-08-14"),
        ("Storm hits coast\n2018-08-14\n\nHeavy rain fell.", "2018-08-14"),
        (
            "Storm hits coast\nUpdated: Aug. 20, 2018\nPosted on Tue 14 Aug 2018\n\nRain.",
            "2018-08-14",
        ),
        ("HAVANA, Aug. 14, 2018 (Reuters) - Cuba freed prisoners.", "2018-08-14"),
    ],
)
def test_publication_date_near_the_top(text, date):
    assert document_from_text(text).published == date


@pytest.mark.parametrize(
    "text",
    [
        "On August 19, 1953, a coup toppled the prime minister, and the long story of that day is told here again.",
        "TEHRAN, Aug 14 (Reuters) - No year, so no date is invented.",
        "Storm hits coast\nPublished: 31 February 2018\n\nRain.",
    ],
)
def test_no_date_is_invented(text):
    assert document_from_text(text).published is None


def test_find_and_parse_dates():
    assert find_date("signed on 3rd of March 2021 in Lomé")[0] == "2021-03-03"
    assert parse_date("2021-03-04T10:00:00Z") == "2021-03-04"
    assert parse_date("Thursday, March 4, 2021") == "2021-03-04"
    assert parse_date("not a date") is None


def test_explicit_values_win_over_the_text():
    text = "Old headline here\n\nBy Jane Doe\nPublished: 1 May 2017\n\nPARIS – Talks began."
    doc = document_from_text(text, title="New title", author="Ana Silva", published="2020-01-01")
    assert (doc.title, doc.author, doc.dateline) == ("New title", "Ana Silva", "PARIS")
    assert doc.published == "2017-05-01"  # the argument is only a default
    assert (
        document_from_text("PARIS – Talks began.", published="2020-01-01").published == "2020-01-01"
    )


def test_bad_published_argument_raises_e014():
    with pytest.raises(ParleyError) as info:
        document_from_text("Text.", published="14/08/2018")
    assert info.value.code.name == "E014" and "14/08/2018" in str(info.value)


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.aljazeera.com/news/2018/8/14/x", "aljazeera.com"),
        ("http://news.example.org:8080/a?b=c", "news.example.org"),
        ("www.example.net/story", "example.net"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url_host(url, outlet):
    assert outlet_from_url(url) == outlet
    assert document_from_text("Text here.", url=url).outlet == outlet


def test_explicit_outlet_wins_over_url():
    doc = document_from_text("Text here.", url="https://www.aljazeera.com/x", outlet="Al Jazeera")
    assert doc.outlet == "Al Jazeera"


def test_id_is_stable_and_ignores_whitespace():
    one = document_from_text("Chile and Peru  signed\na treaty.")
    two = document_from_text("Chile and Peru signed a treaty.\n")
    three = document_from_text("Chile and Peru signed a treaty.")
    assert one.id == two.id == three.id
    assert document_from_text("Chile and Bolivia signed a treaty.").id != one.id


def test_text_is_kept_as_written_apart_from_newlines():
    text = "  Leading spaces stay.\r\nSmart “quotes” stay.\r\n"
    doc = document_from_text(text, extra={"source": "test"})
    assert doc.text == "  Leading spaces stay.\nSmart “quotes” stay.\n"
    assert doc.extra == {"source": "test"} and doc.language == "en"
