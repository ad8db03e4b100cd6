"""Every page renders, has a JSON twin, escapes article HTML, and keeps its query in its links."""

from __future__ import annotations

import re

import pytest

PAGES = ["/", "/events", "/documents", "/actors", "/dyads", "/dyad?dyad=EGY-SDN&by=month", "/timeline",
         "/compare", "/upload"]


def _twin(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return f"{base}.json" + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_links_its_json_twin(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "<nav>" in r.text
    twin = _twin(path)
    assert f'href="{twin.replace("&", "&amp;")}"' in r.text
    assert client.get(twin).status_code == 200


def test_document_page_and_twin(client, reports):
    doc_id = reports[0].document.id
    r = client.get(f"/documents/{doc_id}")
    assert r.status_code == 200
    assert 'class="hl actor"' in r.text and 'class="hl event"' in r.text and "hl quote" in r.text
    data = client.get(f"/documents/{doc_id}.json").json()
    assert data["report"]["document"]["id"] == doc_id
    assert "".join(s["text"] for s in data["segments"]) == reports[0].document.text


def test_article_html_is_escaped_everywhere(client, reports):
    hostile = reports[-1]
    pages = [f"/documents/{hostile.document.id}", "/documents", "/events?q=threatened", "/",
             f"/compare?doc={hostile.document.id}&doc={reports[0].document.id}",
             f"/timeline?doc={hostile.document.id}"]
    for path in pages:
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path
    page = client.get(f"/documents/{hostile.document.id}").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&amp;amp; entities" in page


def test_user_input_is_escaped(client):
    r = client.get("/events", params={"q": '"><script>alert(2)</script>'})
    assert "<script>alert(2)" not in r.text and "&#34;&gt;&lt;script&gt;" in r.text
    r = client.get("/events", params={"start": "<b>x</b>"})
    assert r.status_code == 400 and "<b>x</b>" not in r.text and "E607" in r.text


def test_event_explorer_filters_facets_and_evidence(client):
    r = client.get("/events", params={"actor": "NOR"})
    assert "Norway seized boats from Chile" in r.text
    assert "Egypt signed" not in r.text
    assert 'data-facet="plover"' in r.text
    # a facet link adds its value to the query, keeping the others
    links = re.findall(r'href="(/events\?[^"]*plover=COERCE[^"]*)"', r.text)
    assert links and "actor=NOR" in links[0]
    # downloads keep the filter
    assert 'href="/events.csv?actor=NOR"' in r.text
    csv_text = client.get("/events.csv?actor=NOR").text
    assert csv_text.count("\n") == 3


def test_event_page_json_twin_matches_the_api(client):
    page = client.get("/events.json", params={"plover": "ACCUSE"}).json()
    api = client.get("/api/events", params={"plover": "ACCUSE"}).json()
    assert page["total"] == api["total"] == 2
    assert [e["id"] for e in page["items"]] == [e["id"] for e in api["items"]]


def test_paging_links(client):
    r = client.get("/events", params={"limit": 3})
    assert 'rel="next"' in r.text and "offset=3" in r.text
    r = client.get("/events", params={"limit": 3, "offset": 6})
    assert 'rel="next"' not in r.text and 'rel="prev"' in r.text


def test_dashboard_has_charts_served_locally(client):
    r = client.get("/")
    assert 'src="/static/vendor/plotly.min.js"' in r.text
    assert 'class="plotly-figure"' in r.text
    assert "cdn" not in r.text.lower() and "https://" not in r.text.split("<footer>")[0].replace(
        "https://news.example", "")
    js = client.get("/static/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000


def test_dyad_page_shows_series(client):
    r = client.get("/dyad", params={"dyad": "EGY-SDN", "by": "month"})
    assert "Dyad EGY-SDN" in r.text and "2019-05" in r.text
    assert r.text.count('class="plotly-figure"') == 3
    data = client.get("/dyad.json", params={"dyad": "EGY-SDN", "by": "month"}).json()
    assert sum(row["events"] for row in data["rows"]) == 2


def test_compare_page_side_by_side(client, reports):
    ids = [reports[0].document.id, reports[1].document.id]
    r = client.get("/compare", params={"doc": ids})
    assert r.status_code == 200
    assert r.text.count('class="text column"') == 2 and "Contradictions" in r.text


def test_unknown_document_page_is_404(client):
    r = client.get("/documents/missing")
    assert r.status_code == 404 and "E606" in r.text


def test_empty_store_pages_render(make_client):
    with make_client() as c:
        for path in PAGES:
            assert c.get(path).status_code == 200, path
        assert "The store is empty" in c.get("/").text


def test_cli_serve_is_registered():
    from typer.testing import CliRunner

    from parley.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--max-upload" in result.output
