"""REST API: documents, events with filters and paging, downloads, actors, series, timeline, compare."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest


def test_openapi_schema_is_published_and_typed_by_the_report_models(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/events.csv",
                 "/api/events.parquet", "/api/actors", "/api/series", "/api/timeline", "/api/compare", "/api/jobs"):
        assert path in paths, path
    names = set(schema["components"]["schemas"])
    assert {"DocumentReport", "StoredEvent", "CompareReport", "TimelinePoint"} <= names
    assert "modality" in schema["components"]["schemas"]["StoredEvent"]["properties"]


def test_documents_list_pages_and_searches(client, reports):
    data = client.get("/api/documents?limit=2").json()
    assert data["total"] == len(reports) and len(data["items"]) == 2
    assert data["next"] and "offset=2" in data["next"]
    second = client.get(data["next"]).json()
    assert {d["id"] for d in data["items"]}.isdisjoint(d["id"] for d in second["items"])
    found = client.get("/api/documents", params={"q": "fishing"}).json()
    assert [d["title"] for d in found["items"]] == ["Fishing dispute"]
    assert client.get("/api/documents", params={"outlet": "river.example"}).json()["total"] == 2


def test_document_report_and_text(client, reports):
    report = reports[0]
    got = client.get(f"/api/documents/{report.document.id}").json()
    assert got["document"]["title"] == report.document.title
    assert len(got["events"]) == len(report.events)
    text = client.get(f"/api/documents/{report.document.id}/text").text
    ev = got["events"][0]["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["text"]


def test_unknown_document_is_404_with_code(client):
    r = client.get("/api/documents/nope")
    assert r.status_code == 404 and r.json()["error"] == "E606"


@pytest.mark.parametrize(("params", "expected"), [
    ({}, 8),
    ({"actor": "EGY"}, 5),
    ({"country": "CHL"}, 2),
    ({"dyad": "EGY-SDN"}, 2),
    ({"dyad": "SDN-EGY"}, 0),
    ({"dyad": "SDN-EGY", "directed": "false"}, 2),
    ({"code": "11"}, 2),
    ({"code": "171"}, 1),
    ({"plover": "accuse"}, 2),
    ({"quad_class": 3}, 4),
    ({"start": "2020"}, 3),
    ({"start": "2019-06-01", "end": "2019-12-31"}, 2),
    ({"end": "2019-05"}, 3),
    ({"outlet": "river.example"}, 3),
    ({"q": "seized"}, 1),
    ({"q": "norway"}, 2),
    ({"source_country": "ETH"}, 1),
])
def test_event_filters(client, params, expected):
    data = client.get("/api/events", params=params).json()
    assert data["total"] == expected, data
    assert len(data["items"]) == expected


def test_year_only_event_counts_from_the_start_of_its_year(client):
    items = client.get("/api/events", params={"start": "2019-01-01", "end": "2019-01-31"}).json()["items"]
    assert [e["date"]["value"] for e in items] == ["2019"]


def test_events_are_report_events_with_their_document(client, reports):
    item = client.get("/api/events", params={"plover": "COERCE"}).json()["items"][0]
    assert item["source"]["name"] == "Norway" and item["target"]["country"] == "CHL"
    assert item["cameo"] == "171" and item["quad_class"] == 4 and item["goldstein"] == -9.2
    assert item["evidence"]["text"].startswith("Norway seized boats")
    assert item["outlet"] == "fjord.example" and item["doc_id"] == reports[2].document.id


def test_events_paging_and_sort(client):
    page1 = client.get("/api/events", params={"limit": 3, "sort": "goldstein"}).json()
    assert page1["items"][0]["goldstein"] == -9.2 and page1["next"]
    page3 = client.get("/api/events", params={"limit": 3, "offset": 6, "sort": "goldstein"}).json()
    assert page3["next"] is None and page3["items"][-1]["goldstein"] == 8.0
    dates = [e["date"]["value"] for e in client.get("/api/events", params={"sort": "-date"}).json()["items"]]
    assert dates[0] == "2020-03-01"


def test_facets_count_the_filtered_events(client):
    facets = client.get("/api/events", params={"actor": "EGY"}).json()["facets"]
    plover = {f["value"]: f["count"] for f in facets["plover"]}
    assert plover == {"AGREE": 1, "REJECT": 1, "CONSULT": 1, "ACCUSE": 1, "THREATEN": 1}
    assert {f["value"] for f in facets["outlet"]} == {"river.example", "delta.example"}


@pytest.mark.parametrize("params", [{"start": "May 2019"}, {"modality": "maybe"}, {"sort": "random"},
                                    {"dyad": "EGY"}, {"quad_class": 7}])
def test_bad_filters_are_400_or_422_with_a_reason(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code in (400, 422)
    if r.status_code == 400:
        assert r.json()["error"] in ("E607", "E551")


def test_csv_download_holds_the_filtered_events(client):
    r = client.get("/api/events.csv", params={"actor": "NOR"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 2 and {row["source_name"] for row in rows} == {"Norway"}
    assert "evidence_text" in rows[0] and "outlet" in rows[0]


def test_parquet_download_holds_the_filtered_events(client, tmp_path):
    r = client.get("/api/events.parquet", params={"plover": "ACCUSE"})
    path = tmp_path / "e.parquet"
    path.write_bytes(r.content)
    got = duckdb.sql(f"SELECT plover, count(*) FROM '{path}' GROUP BY plover").fetchall()
    assert got == [("ACCUSE", 2)]


def test_actors_with_counts(client):
    data = client.get("/api/actors").json()
    egypt = next(a for a in data["items"] if a["code"] == "EGY")
    assert egypt["documents"] == 3 and egypt["events"] == 5
    assert client.get("/api/actors", params={"q": "norw"}).json()["total"] == 1


def test_dyad_series_by_month(client):
    data = client.get("/api/series", params={"dyad": "EGY-SDN", "by": "month"}).json()
    by_period = {r["period"]: r for r in data["rows"]}
    assert by_period["2019-05"]["events"] == 1 and by_period["2019-06"]["events"] == 1
    assert by_period["2019-05"]["goldstein_sum"] == 8.0 and by_period["2019-05"]["quad1"] == 1


def test_actor_series_by_year_sums_goldstein(client):
    data = client.get("/api/series", params={"actor": "NOR", "by": "year"}).json()
    assert [(r["period"], r["events"], r["quad4"], r["quad3"]) for r in data["rows"]] == [("2020", 2, 1, 1)]
    assert data["rows"][0]["goldstein_sum"] == pytest.approx(-11.2)
    assert data["rows"][0]["goldstein_mean"] == pytest.approx(-5.6)


def test_series_needs_a_dyad_or_actor_and_a_known_period(client):
    assert client.get("/api/series").status_code == 400
    r = client.get("/api/series", params={"dyad": "EGY-SDN", "by": "fortnight"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "by"]  # the schema lists the periods


def test_timeline_points_are_sorted(client, reports):
    points = client.get("/api/timeline", params={"doc": reports[1].document.id}).json()
    firsts = [p["first"] for p in points]
    assert firsts == sorted(firsts) and any(p["kind"] == "event" for p in points)
    assert {p["document_id"] for p in points} == {reports[1].document.id}


def test_compare_two_documents(client, reports):
    ids = [reports[0].document.id, reports[1].document.id]
    data = client.get("/api/compare", params={"doc": ids}).json()
    assert {d["id"] for d in data["documents"]} == set(ids)
    assert "contradictions" in data and data["stories"]


def test_summary_counts(client, reports):
    data = client.get("/api/summary").json()
    assert data["counts"]["documents"] == len(reports)
    assert data["top_dyads"][0]["events"] >= 2


def test_security_headers(client):
    r = client.get("/api/documents")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.fixture
def without_analysis(monkeypatch, client):
    """Hide parley.analysis so the web app's own SQL fallbacks are used (and forget cached answers)."""
    import sys

    for name in ("parley.analysis", "parley.analysis.select", "parley.analysis.series", "parley.analysis.source"):
        monkeypatch.setitem(sys.modules, name, None)
    client.app.state.read_cache.clear()
    yield
    client.app.state.read_cache.clear()


@pytest.mark.parametrize(("params", "expected"), [({"actor": "EGY"}, 5), ({"dyad": "SDN-EGY", "directed": "false"}, 2),
                                                  ({"code": "11"}, 2), ({"plover": "accuse"}, 2), ({"actor": "nor"}, 2)])
def test_filters_without_the_analysis_package(client, without_analysis, params, expected):
    assert client.get("/api/events", params=params).json()["total"] == expected


def test_series_without_the_analysis_package_matches(client, monkeypatch):
    with_analysis = client.get("/api/series", params={"dyad": "EGY-ETH", "by": "month"}).json()
    import sys

    monkeypatch.setitem(sys.modules, "parley.analysis.series", None)
    client.app.state.read_cache.clear()  # the same URL now takes another code path
    fallback = client.get("/api/series", params={"dyad": "EGY-ETH", "by": "month"}).json()
    client.app.state.read_cache.clear()
    nonzero = lambda data: [(r["period"], r["events"], r["goldstein_sum"], r["quad3"])  # noqa: E731
                            for r in data["rows"] if r["events"]]
    assert nonzero(fallback) == nonzero(with_analysis) == [("2019-06", 1, -2.0, 1), ("2020-03", 1, -4.4, 1)]
    assert fallback["method"] != with_analysis["method"]
