"""Invented articles for the comparison tests: one story from two sides, a syndicated copy, an
unrelated story. Written for these tests; names of real places only."""

from __future__ import annotations

import pytest

STATE_SIDE = (
    "Valdoria Accuses Neighbour After Border Clash\n\n"
    "DARNEL - Twelve hours of fighting on Tuesday left 12 soldiers killed near Kessel on the northern "
    "border, and the government of Valdoria accused Morsland of provoking the clash. Interior Minister "
    "Anna Brekke said the attack was planned. \"We will defend every village,\" Brekke said. "
    "The border dispute began with the 2014 annexation of the Kessel valley by Morsland, which "
    "Valdoria never accepted. Talks in Geneva in March 2019 collapsed after two days. "
    "The minister praised the courage of the border guards and promised support to their families."
)

OPPOSITION_SIDE = (
    "Opposition Blames Valdoria's Regime For Kessel Border Clash\n\n"
    "The regime in Valdoria sent troops to the northern border near Kessel, where 40 soldiers were "
    "killed on Tuesday, opposition leaders said. Morsland denied any attack and called the Valdoria "
    "government reckless and brutal. The dispute over the Kessel valley goes back to the 2011 "
    "annexation of the valley by Morsland. \"This regime hides its failures behind a war,\" said "
    "opposition leader Tomas Vell. Talks in Geneva in March 2019 collapsed after two days, and the "
    "regime has refused new talks since."
)

UNRELATED = (
    "Harvest Festival Draws Record Crowds\n\n"
    "Farmers from across the province brought pumpkins, apples and honey to the autumn harvest "
    "festival on Saturday. Organisers said the weather was kind and the music lasted until midnight. "
    "Children judged the largest pumpkin contest, and a local bakery sold out of cider doughnuts."
)


def syndicated(text: str) -> str:
    """A wire copy: the same article with a different credit line and one word changed."""
    return text.replace("DARNEL - ", "DARNEL (Wire) - ").replace("promised support", "promised help")


@pytest.fixture(scope="session")
def reports():
    """Reports of the four invented articles (spaCy loaded once per session)."""
    from parley.api import analyze

    texts = {"state": STATE_SIDE, "copy": syndicated(STATE_SIDE), "opposition": OPPOSITION_SIDE,
             "unrelated": UNRELATED}
    outlets = {"state": "Valdoria Times", "copy": "Wire Daily", "opposition": "Free Voice",
               "unrelated": "Province Post"}
    return {k: analyze(t, published="2024-05-14", outlet=outlets[k], path=f"{k}.txt") for k, t in texts.items()}


@pytest.fixture(scope="session")
def result(reports):
    from parley.compare import compare

    return compare(list(reports.values()))
