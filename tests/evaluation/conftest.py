"""Fixtures for the evaluation tests: tiny data set folders in each supported layout (invented text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SENTENCES = [
    ("Egypt and Sudan signed a water agreement in Cairo on Monday.", "AGREE", "EGY", "Egypt", "SDN", "Sudan"),
    ("Iran rejected talks with the United States on Tuesday.", "REJECT", "IRN", "Iran", "USA", "United States"),
    ("Chinese troops attacked Indian positions near the border.", "ASSAULT", "CHN", "Chinese troops", "IND",
     "Indian positions"),
]


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")


def plover_gsr(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = [{"event": "DOCUMENT", "text": "provenance"}]
    for i, (text, ptype, sc, st, tc, tt) in enumerate(SENTENCES):
        rows.append({"id": f"T-{i}", "date": "2024-03-04", "text": text, "event": ptype,
                     "source": [{"actorText": st, "code": sc}], "target": [{"actorText": tt, "code": tc}]})
    (folder / "PLOVER_GSR_tiny.json").write_text(json.dumps(rows), "utf-8")
    return folder


def conflibert_cameo(folder: Path) -> Path:
    penta = {"AGREE": "VERBAL_COOPERATION", "REJECT": "VERBAL_CONFLICT", "ASSAULT": "MATERIAL_CONFLICT"}
    rows = [{"id": f"test-{i}", "split": "test", "text": text, "penta_label": penta[ptype],
             "source_spans": [{"text": st}], "target_spans": [{"text": tt}], "reciprocal_spans": []}
            for i, (text, ptype, _, st, _, tt) in enumerate(SENTENCES)]
    _jsonl(folder / "test.jsonl", rows)
    (folder / "original_format").mkdir(parents=True, exist_ok=True)
    (folder / "original_format" / "cameo_class_test.tsv").write_text("x\t0\n", "utf-8")
    return folder


def plv_hu2024(folder: Path) -> Path:
    rows = [{"uid": str(i), "sentence": text, "source": st, "target": tt, "gold_root": ptype,
             "gold_penta": 1 if ptype == "AGREE" else (3 if ptype == "REJECT" else 4)}
            for i, (text, ptype, _, st, _, tt) in enumerate(SENTENCES)]
    _jsonl(folder / "PLV_test.jsonl", rows)
    return folder


def ngec_synthetic(folder: Path) -> Path:
    rows = [{"id": f"syn-{i}", "label": ptype, "text": text + " Officials said more talks would follow."}
            for i, (text, ptype, *_) in enumerate(SENTENCES)]
    _jsonl(folder / "synthetic_stories.jsonl", rows)
    return folder


def tempeval3(folder: Path) -> Path:
    body = "\nThe council met on Monday and will meet again next week.\n"
    tml = (f'<TimeML><DOCID>D1</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-06">March 6, 2024'
           f'</TIMEX3></DCT><TEXT>{body}</TEXT></TimeML>')
    (folder / "platinum").mkdir(parents=True, exist_ok=True)
    (folder / "platinum" / "D1.tml").write_text(tml, "utf-8")
    s1 = body.index("Monday")
    s2 = body.index("next week")
    _jsonl(folder / "platinum_timex3_index.jsonl", [{
        "doc": "D1.tml", "subset": "platinum", "dct": {"value": "2024-03-06"},
        "timexes": [{"tid": "t1", "type": "DATE", "value": "2024-03-04", "text": "Monday", "start": s1, "end": s1 + 6},
                    {"tid": "t2", "type": "DATE", "value": "2024-W11", "text": "next week", "start": s2,
                     "end": s2 + 9}]}])
    return folder


def polnear(folder: Path) -> Path:
    text = ('Council vote delayed\n"We will not give up," Mayor Jane Holt said on Friday. '
            "Critics said the plan was too costly.\n")
    (folder / "test" / "text").mkdir(parents=True, exist_ok=True)
    (folder / "test" / "text" / "doc1.txt").write_text(text, "utf-8")
    c1 = text.index('"We')
    s1 = text.index("Mayor")
    c2 = text.index("the plan")
    s2 = text.index("Critics")

    def span(start: int, end: int) -> list[dict]:
        return [{"start": start, "end": end, "text": text[start:end]}]

    _jsonl(folder / "attributions_index.jsonl", [{
        "doc": "doc1", "compartment": "test", "annotator": "a1", "publication_date": "2024-03-08",
        "attributions": [
            {"id": "E1", "source": span(s1, s1 + 14), "cue": [], "content": span(c1, text.index(" Mayor"))},
            {"id": "E2", "source": span(s2, s2 + 7), "cue": [], "content": span(c2, text.index(".\n", c2))}]}])
    return folder


BUILDERS = {f.__name__: f for f in (plover_gsr, conflibert_cameo, plv_hu2024, ngec_synthetic, tempeval3, polnear)}


@pytest.fixture(scope="session")
def builders() -> dict:
    """Data set name -> function that writes a tiny folder of that layout and returns it."""
    return BUILDERS


@pytest.fixture(scope="module")
def tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A root folder holding one tiny folder per supported data set."""
    root = tmp_path_factory.mktemp("eval")
    for name, build in BUILDERS.items():
        build(root / name)
    return root
