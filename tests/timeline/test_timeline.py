"""Timeline points from reports, value intervals, and the HTML/PNG charts and CLI around them."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from parley.document import (
    ActorRef,
    Document,
    DocumentReport,
    Event,
    EventDate,
    Evidence,
    TimeExpression,
)
from parley.timeline import sentence_around, timeline_points, value_interval

D = dt.date


@pytest.mark.parametrize("value,precision,expected", [
    ("1953-08-19", "day", (D(1953, 8, 19), D(1953, 8, 19))),
    ("2016-02", "month", (D(2016, 2, 1), D(2016, 2, 29))),
    ("2009/2010", "year", (D(2009, 1, 1), D(2010, 12, 31))),
    ("1980", "decade", (D(1980, 1, 1), D(1989, 12, 31))),
    ("2012-SU", "season", (D(2012, 6, 1), D(2012, 8, 31))),
    ("2012-WI", "season", (D(2012, 12, 1), D(2013, 2, 28))),
    ("2013-W11", "week", (D(2013, 3, 11), D(2013, 3, 17))),
    ("2013-Q2", "unknown", (D(2013, 4, 1), D(2013, 6, 30))),
])
def test_value_interval(value, precision, expected):
    assert value_interval(value, precision) == expected


@pytest.mark.parametrize("value", [None, "", "P3Y", "PAST_REF", "2019-02", "2019-02-31", "1981/1979"])
def test_value_interval_refuses_what_is_not_on_a_calendar(value):
    got = value_interval(value, "day")
    assert got is None or value == "2019-02"


def _report(doc_id, title, text, events, times):
    return DocumentReport(document=Document(id=doc_id, title=title, text=text, published="2018-08-14"),
                          events=events, times=times)


TEXT_A = "The minister recalled the coup of 19 August 1953. Talks failed on Monday."
TEXT_B = "Protests spread in the 1980s. Nothing was dated here: later, maybe."


def _event(date, quad, ev_text, start):
    return Event(id=f"e{start}", source=ActorRef(name="Minister"), target=ActorRef(name="Parliament"),
                 cameo="111", cameo_root="11", plover="ACCUSE", quad_class=quad, date=date,
                 evidence=Evidence(text=ev_text, start=start, end=start + len(ev_text)))


@pytest.fixture
def reports():
    a = _report("a", "Story A", TEXT_A,
                [_event(EventDate(value="1953-08-19", precision="day", basis="explicit"), 4, TEXT_A[:49], 0),
                 _event(EventDate(), 3, TEXT_A[50:], 50)],
                [TimeExpression(text="19 August 1953", value="1953-08-19", precision="day", start=34, end=48),
                 TimeExpression(text="Monday", value="2018-08-13", precision="day", start=66, end=72)])
    b = _report("b", None, TEXT_B, [],
                [TimeExpression(text="the 1980s", value="1980", precision="decade", start=19, end=28),
                 TimeExpression(text="later", value=None, precision="unknown", start=52, end=57)])
    return [a, b]


def test_points_sorted_with_evidence_and_undated_left_out(reports):
    points = timeline_points(reports)
    assert [p.value for p in points] == ["1953-08-19", "1953-08-19", "1980", "2018-08-13"]
    kinds = {(p.kind, p.value) for p in points}
    assert ("event", "1953-08-19") in kinds and ("reference", "1980") in kinds
    ref = next(p for p in points if p.value == "1980")
    assert ref.evidence == "Protests spread in the 1980s." and ref.document == "b"
    monday = next(p for p in points if p.value == "2018-08-13")
    assert monday.evidence == "Talks failed on Monday." and TEXT_A[monday.start:monday.end] == "Monday"
    ev = next(p for p in points if p.kind == "event")
    assert ev.quad_class == 4 and ev.basis == "explicit" and "ACCUSE" in ev.label
    assert len(timeline_points(reports, references=False)) == 1


def test_sentence_around_bad_offsets_give_empty():
    assert sentence_around("abc", 5, 9) == "" and sentence_around("", 0, 0) == ""


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs, self.inline = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            src = dict(attrs).get("src")
            if src:
                self.srcs.append(src)
            else:
                self.inline += 1


@pytest.mark.parametrize("colour", ["quadclass", "document"])
def test_html_chart_is_self_contained_and_holds_the_data(reports, colour, tmp_path):
    pytest.importorskip("plotly")
    from parley.charts import timeline_figure, write_html

    path = write_html(timeline_figure(timeline_points(reports), colour=colour), tmp_path / "t.html")
    html = path.read_text("utf-8")
    parser = _Scripts()
    parser.feed(html)
    assert not [s for s in parser.srcs if re.match(r"(https?:)?//", s)] and parser.inline >= 2
    assert "plotly.js" in html.lower() or "Plotly.newPlot" in html
    assert "1953-08-19" in html and "Protests spread in the 1980s." in html
    assert ("4 material conflict" in html) == (colour == "quadclass")


def test_chart_axis_reads_1950_to_today():
    pytest.importorskip("plotly")
    from parley.charts import timeline_figure
    from parley.timeline import TimelinePoint

    pts = [TimelinePoint(kind="reference", value=str(y), precision="year", first=D(y, 1, 1), last=D(y, 12, 31),
                         label=str(y), document_id="d", document="d", evidence=str(y), start=0, end=4)
           for y in (1950, 1979, dt.date.today().year)]
    fig = timeline_figure(pts)
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.tickformat == "%Y"
    assert fig.layout.xaxis.dtick == "M120"


@pytest.mark.slow
def test_png_chart(reports, tmp_path):
    pytest.importorskip("plotly")
    pytest.importorskip("kaleido")
    from parley.charts import timeline_figure, write_png

    path = write_png(timeline_figure(timeline_points(reports)), tmp_path / "t.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_cli_json_and_missing_input(tmp_path):
    from parley.cli import app

    (tmp_path / "a.txt").write_text("The talks of 19 August 1953 failed. In the 1980s the war went on.\n", "utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["timeline", str(tmp_path / "a.txt"), "--published", "2018-08-14", "--format", "json"])
    assert res.exit_code == 0, res.output
    points = json.loads(res.stdout)
    values = {p["value"] for p in points}
    assert "1953-08-19" in values and "1980" in values
    assert all(p["evidence"] for p in points)
    res = runner.invoke(app, ["timeline"])
    assert res.exit_code != 0 and "E343" in res.output


def test_cli_reads_a_store(tmp_path, reports):
    from parley.cli import app
    from parley.store import Store

    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_many(reports)
    res = CliRunner().invoke(app, ["timeline", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    points = json.loads(res.stdout)
    assert {p["document_id"] for p in points} == {"a", "b"}
    assert next(p for p in points if p["value"] == "1980")["evidence"] == "Protests spread in the 1980s."
