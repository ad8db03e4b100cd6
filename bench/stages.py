"""Where Parley's time goes, per stage, on bench articles in one process (no Dask), next to spaCy's plain pipeline.

Times each pipeline component (the nlp stage's batched parse included; the first use of a
lazily loaded table, such as the places gazetteer, counts in its stage) and the report building,
and spaCy's full `nlp.pipe` over the same texts. Times are this process's CPU seconds, so that
other work on a shared machine disturbs them less than wall-clock times (bench/run.py measures
wall clock end to end).
Documents go to the parse `--batch-size` at a time (64, as the Dask workers do; `parley analyze`
uses the Pipeline's default, 16).
`--same-maths` also times the baseline with the models on numpy's matrix products, as Parley's
selective parse runs them (`parley.nlp.numpy_gemm`), to read the ratio without that advantage.
`--real N` times N real news articles from ../shared (BASIL, as bench/same_output.py reads them)
instead of generated ones.
Usage: python bench/stages.py [--articles 200 | --real 120] [--parse selective|full] [--batch-size 64]
       [--cprofile OUT.prof] [--same-maths]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402


def _texts(n: int) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="parley-prof-") as tmp:
        path = write_corpus(n, Path(tmp) / "c.jsonl")
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def stage_times(rows: list[dict], parse: str, batch_size: int = 64) -> dict[str, float]:
    """Seconds per pipeline stage over `rows` (the nlp stage's batched parse counted as 'nlp')."""
    from parley.document import Document
    from parley.pipeline import Context, Pipeline
    from parley.settings import load_settings

    settings = load_settings(parse=parse)
    pipeline = Pipeline(settings)
    times: dict[str, float] = defaultdict(float)
    parse_batch = pipeline.steps[0][1].parse
    docs = [Document(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("published"),
                     outlet=r.get("outlet")) for r in rows]
    for document, doc in zip(docs[:4], parse_batch([d.text for d in docs[:4]]), strict=True):
        ctx = Context(document=document, settings=settings, doc=doc)  # untimed: every stage's tables
        for _, step in pipeline.steps[1:]:  # and first-use work (KB, lexicon, selector, event model)
            step(ctx)
    for k in range(0, len(docs), batch_size):
        chunk = docs[k:k + batch_size]
        started = time.process_time()
        parsed = parse_batch([d.text for d in chunk])
        times["nlp"] += time.process_time() - started
        for document, doc in zip(chunk, parsed, strict=True):
            ctx = Context(document=document, settings=settings, doc=doc)
            for name, step in pipeline.steps[1:]:
                started = time.process_time()
                step(ctx)
                times[name] += time.process_time() - started
            started = time.process_time()
            ctx.report()
            times["report"] += time.process_time() - started
    return dict(times)


def baseline_seconds(texts: list[str], same_maths: bool = False) -> float:
    """spaCy's full pipeline over the texts (`nlp.pipe`, batch 32), as bench/run.py measures it;
    with `same_maths`, on numpy's matrix products as Parley's parse runs them."""
    import contextlib

    from parley.nlp import load_nlp, numpy_gemm

    nlp = load_nlp()
    with numpy_gemm(nlp) if same_maths else contextlib.nullcontext():
        list(nlp.pipe(texts[:8]))
        started = time.process_time()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--parse", default="selective")
    parser.add_argument("--cprofile", type=Path)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--batch-size", type=int, default=64, help="documents parsed at once")
    parser.add_argument("--same-maths", action="store_true",
                        help="also time the baseline on numpy's matrix products (see above)")
    parser.add_argument("--real", type=int, default=0, help="real news articles from ../shared instead")
    args = parser.parse_args()
    if args.real:
        from same_output import real_rows

        rows = real_rows(args.real)
        if not rows:
            raise SystemExit("no real news articles under ../shared (BASIL)")
    else:
        rows = _texts(args.articles)
    from parley.nlp import load_nlp

    load_nlp()
    base = None if args.no_baseline else baseline_seconds([r["text"] for r in rows])
    same = baseline_seconds([r["text"] for r in rows], same_maths=True) if args.same_maths else None
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()
    times = stage_times(rows, args.parse, args.batch_size)
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(args.cprofile))
    total = sum(times.values())
    print(json.dumps({"articles": len(rows), "parse": args.parse, "batch_size": args.batch_size, "baseline_s": base and round(base, 2),
                      "parley_s": round(total, 2), "ratio": base and round(base / total, 2),
                      **({"baseline_same_maths_s": round(same, 2), "ratio_same_maths": round(same / total, 2)}
                         if same is not None else {}),
                      "stages": {k: round(v, 2) for k, v in sorted(times.items(), key=lambda kv: -kv[1])}}))


if __name__ == "__main__":
    main()
