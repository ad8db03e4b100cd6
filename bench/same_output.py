"""Checks that a speed change leaves Parley's reports unchanged: snapshot them, change code, compare.

Analyses bench articles (bench/corpus.py) and, when /work/shared/eval is present, real news
(BASIL articles) through `Pipeline.pipe`, the batched path the CLI and Dask workers use, and
writes every report's JSON to a file; `--check` runs again and lists the documents whose report
differs from the snapshot, with the first differing field.
Other people's edits between the runs also change reports: to isolate a speed change, run both
from one copy of the code, the reference with `--plain` (speed-ups off), e.g. with
PYTHONPATH=/tmp/frozen/src after copying src there.
Usage: python bench/same_output.py --write /tmp/before.jsonl [--articles 200 --real 60] [--plain]
       python bench/same_output.py --check /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

BASIL = Path("/work/shared/eval/basil/articles")


def bench_rows(n: int) -> list[dict[str, Any]]:
    """`n` bench articles as dicts (id, text, title, published, outlet)."""
    with tempfile.TemporaryDirectory(prefix="parley-same-") as tmp:
        path = write_corpus(n, Path(tmp) / "c.jsonl")
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def real_rows(n: int) -> list[dict[str, Any]]:
    """Up to `n` real news articles (BASIL, when the shared eval data is present), in a fixed order."""
    if n <= 0 or not BASIL.is_dir():
        return []
    rows = []
    for path in sorted(BASIL.glob("*/*.json"))[:n]:
        data = json.loads(path.read_text("utf-8"))
        body = data.get("body-paragraphs") or data.get("body_paragraphs") or []
        text = "\n\n".join(p if isinstance(p, str) else " ".join(p) for p in body)
        if text.strip():
            rows.append({"id": f"basil-{path.stem}", "text": text, "title": data.get("title"),
                         "published": (data.get("date") or "")[:10] or None, "outlet": None})
    return rows


def plain() -> None:
    """Turn the speed-ups off (disk cache, fast attribute rules, numpy matrix products, bulk NER
    decoding and parse steps), for the reference run."""
    os.environ["PARLEY_CACHE_DIR"] = "off"
    import parley.nlp

    parley.nlp.FAST_ATTRIBUTE_RULES = False
    parley.nlp.NUMPY_GEMM = False
    parley.nlp.GREEDY_NER = False
    parley.nlp.GREEDY_PARSER = False


def reports(rows: list[dict[str, Any]], batch_size: int = 16) -> list[dict[str, Any]]:
    """Each row's report as a JSON-ready dict, through the batched pipeline."""
    from parley.document import Document
    from parley.pipeline import Pipeline
    from parley.settings import load_settings

    pipeline = Pipeline(load_settings())
    items = [(Document(id=str(r["id"]), text=r["text"], title=r.get("title"), published=r.get("published"),
                       outlet=r.get("outlet")), []) for r in rows]
    return [report.model_dump(mode="json") for report in pipeline.pipe(items, batch_size=batch_size)]


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """The path of the first place where two JSON values differ, or None when they are equal."""
    if type(a) is not type(b):
        return where or "/"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}/{key}"
            found = first_difference(a[key], b[key], f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}[len {len(a)} != {len(b)}]"
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{k}]")
            if found:
                return found
        return None
    return None if a == b else where


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path)
    parser.add_argument("--check", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--real", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--plain", action="store_true", help="turn the speed-ups off (the reference)")
    args = parser.parse_args()
    if args.plain:
        plain()
    if bool(args.write) == bool(args.check):
        parser.error("give one of --write or --check")
    if args.write:
        rows = bench_rows(args.articles) + real_rows(args.real)
        found = reports(rows, args.batch_size)
        args.write.write_text("".join(json.dumps({"row": r, "report": f}) + "\n" for r, f in zip(rows, found, strict=True)),
                              "utf-8")
        print(f"wrote {len(found)} reports to {args.write}")
        return
    saved = [json.loads(line) for line in args.check.read_text("utf-8").splitlines()]
    found = reports([s["row"] for s in saved], args.batch_size)
    differ = [(s["row"]["id"], first_difference(s["report"], f)) for s, f in zip(saved, found, strict=True)
              if s["report"] != f]
    for doc_id, where in differ[:20]:
        print(f"differs: {doc_id} at {where}")
    print(f"{len(saved) - len(differ)} of {len(saved)} reports identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
