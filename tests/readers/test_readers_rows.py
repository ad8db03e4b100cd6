"""JSON Lines, JSON and CSV: one document per record, bad records reported, others kept."""

from __future__ import annotations

import json

from parley.ids import document_id


def _codes(errors):
    return [e.code for e in errors]


def test_jsonl_one_document_per_line_and_bad_line_does_not_stop(tmp_path, read_all):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "text": "Fiji and Samoa agreed to share patrol boats.",
                "title": "Patrol pact",
                "url": "https://www.islandwire.example/a",
                "published": "2022-02-03",
                "section": "Pacific",
                "words": 9,
            }
        ),
        "{not json at all",
        "",
        json.dumps({"title": "No text here"}),
        json.dumps(["a", "list"]),
        json.dumps(
            {
                "body": "Tonga asked Australia for cyclone relief.",
                "source": "Reef Radio",
                "authors": ["Sione Taufa", "Mele Vaka"],
                "date": "March 4, 2022",
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [doc.path for doc, _ in items] == [f"{path}#{n}" for n in (1, 2, 4, 5, 6)]
    first, errors = items[0]
    assert errors == []
    assert first.title == "Patrol pact" and first.published == "2022-02-03"
    assert first.outlet == "islandwire.example"
    assert first.extra == {"section": "Pacific", "words": 9}
    assert first.id == document_id(first.text)
    assert _codes(items[1][1]) == ["E008"] and items[1][0].text == ""
    assert _codes(items[2][1]) == ["E009"]
    assert _codes(items[3][1]) == ["E008"]
    last, errors = items[4]
    assert errors == []
    assert (last.outlet, last.author, last.published) == (
        "Reef Radio",
        "Sione Taufa, Mele Vaka",
        "2022-03-04",
    )


def test_jsonl_bad_date_is_reported_but_document_kept(tmp_path, read_one):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": "Nepal held talks with India.", "published": "someday"}))
    doc, errors = read_one(path, published="2020-01-01")
    assert doc.text == "Nepal held talks with India."
    assert doc.published == "2020-01-01"
    assert _codes(errors) == ["E014"] and doc.extra["published"] == "someday"


def test_json_array_gives_one_document_per_object(tmp_path, read_all):
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps([{"text": "Mali closed its embassy."}, {"text": "Niger reopened a road."}])
    )
    items = read_all(path)
    assert [d.text for d, _ in items] == ["Mali closed its embassy.", "Niger reopened a road."]
    assert items[1][0].path == f"{path}#2"


def test_csv_rows_with_extra_columns(tmp_path, read_all):
    path = tmp_path / "articles.csv"
    path.write_text(
        "id,Title,text,url,published,outlet,author,topic\n"
        '17,Dam deal,"Egypt and Sudan signed a water deal.\nIt covers the dry season.",'
        "https://news.example.org/dam,2023-07-01,,Amal Hassan,water\n"
        "18,Empty row,,https://news.example.org/none,2023-07-02,Nile Post,,border\n"
        ",,,,,,,\n"
        '19,Second,"Ethiopia welcomed the deal.",,,Nile Post,,water\n',
        encoding="utf-8",
    )
    items = read_all(path)
    assert len(items) == 3
    doc, errors = items[0]
    assert errors == [] and doc.path == f"{path}#1"
    assert doc.text == "Egypt and Sudan signed a water deal.\nIt covers the dry season."
    assert (doc.title, doc.url, doc.published, doc.author) == (
        "Dam deal",
        "https://news.example.org/dam",
        "2023-07-01",
        "Amal Hassan",
    )
    assert doc.outlet == "news.example.org"
    assert doc.extra == {"id": "17", "topic": "water"}
    assert _codes(items[1][1]) == ["E009"] and items[1][0].path == f"{path}#2"
    assert items[2][0].outlet == "Nile Post" and items[2][0].path == f"{path}#4"


def test_semicolon_csv_is_sniffed(tmp_path, read_one):
    path = tmp_path / "semi.csv"
    path.write_text("text;title\nBolivia signed a lithium agreement with Chile.;Lithium\n")
    doc, errors = read_one(path)
    assert errors == [] and doc.title == "Lithium" and doc.text.startswith("Bolivia")


def test_csv_without_text_column_gets_e015(tmp_path, read_one):
    path = tmp_path / "wrong.csv"
    path.write_text("headline,link\nA,B\n")
    doc, errors = read_one(path)
    assert _codes(errors) == ["E015"] and "headline" in errors[0].message and doc.text == ""


def test_tsv_is_read(tmp_path, read_one):
    path = tmp_path / "rows.tsv"
    path.write_text("title\ttext\nAccord\tQatar mediated between the two sides.\n")
    doc, errors = read_one(path)
    assert errors == [] and doc.title == "Accord"


def test_json_paragraph_lists_are_joined(tmp_path, read_all):
    """BASIL-style "body-paragraphs": paragraphs given as lists of sentences, blank lines between."""
    path = tmp_path / "story.json"
    record = {"title": "Harbour talks", "date": "2016-05-04", "source": "wire",
              "body-paragraphs": [["Tonga and Fiji met on Monday.", "They spoke for an hour."],
                                  [], ["No deal was signed."]]}
    path.write_text(json.dumps(record))
    (doc, errors), = read_all(path)
    assert errors == []
    assert doc.text == "Tonga and Fiji met on Monday. They spoke for an hour.\n\nNo deal was signed."
    assert doc.title == "Harbour talks" and doc.published == "2016-05-04" and doc.outlet == "wire"


def test_json_text_of_mixed_types_is_no_text(tmp_path, read_all):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"body": [["a sentence"], {"nested": "dict"}]}))
    (doc, errors), = read_all(path)
    assert [e.code for e in errors] == ["E009"]
