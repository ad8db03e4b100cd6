"""Measure Parley on public data sets: one module per data set, found by name or by folder layout.

A data set module in `parley.evaluation.datasets` has `NAME`, `TASK`, `REFERENCE` (published or
peer figures to print beside ours) and `evaluate(folder, *, limit=None) -> dict`; optionally
`LAYOUT` (glob patterns that must all match inside a folder of that layout), `LABELS`
("gold", "silver" or "pseudo") and `NOTE`. `parley eval` is a thin door over `run`.

    >>> from parley.evaluation import run
    >>> results = run(["plover_gsr"], limit=20)   # doctest: +SKIP
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import E, ParleyError

__all__ = ["dataset_names", "load_module", "detect", "resolve", "default_root", "evaluate_dataset",
           "run", "commit"]

_REQUIRED = ("NAME", "TASK", "evaluate")


def dataset_names() -> list[str]:
    """Names of the data set modules installed in parley.evaluation.datasets."""
    from . import datasets

    return sorted(m.name for m in pkgutil.iter_modules(datasets.__path__) if not m.name.startswith("_"))


def load_module(name: str) -> ModuleType:
    """The module `parley.evaluation.datasets.<name>`; E400 when there is none, E403 when incomplete."""
    if name not in dataset_names():
        raise ParleyError(E.E400, name=name, root=default_root(), known=", ".join(dataset_names()))
    module = importlib.import_module(f"{__name__}.datasets.{name}")
    missing = [attr for attr in _REQUIRED if not hasattr(module, attr)]
    if missing:
        raise ParleyError(E.E403, name=name, reason=f"missing {', '.join(missing)}")
    return module


def _layout_matches(module: ModuleType, folder: Path) -> bool:
    """Whether every glob in the module's LAYOUT matches something inside `folder`."""
    layout = getattr(module, "LAYOUT", ())
    return bool(layout) and all(next(folder.glob(pattern), None) is not None for pattern in layout)


def detect(folder: Path) -> str | None:
    """The data set whose layout `folder` has: its basename first, then each module's LAYOUT."""
    names = dataset_names()
    if folder.name in names:
        return folder.name
    for name in names:
        try:
            module = load_module(name)
        except (ParleyError, ImportError):
            continue
        if _layout_matches(module, folder):
            return name
    return None


def default_root() -> Path:
    """Where data set folders live: $PARLEY_EVAL_ROOT, else ../shared/eval beside the working folder."""
    env = os.environ.get("PARLEY_EVAL_ROOT")
    return Path(env) if env else Path.cwd().parent / "shared" / "eval"


def project_eval_root() -> Path:
    """The project's own gold data sets: the `eval` folder of the working directory."""
    return Path.cwd() / "eval"


def resolve(spec: str, root: Path | None = None) -> tuple[str, Path]:
    """(data set name, folder) for a name under `root` or a path to a folder in a known layout."""
    root = root or default_root()
    names = dataset_names()
    looks_like_path = os.sep in spec or "/" in spec or spec.startswith(".")
    if spec in names and not looks_like_path:
        own = project_eval_root() / spec  # the project's own gold sets (eval/ in the repository)
        return spec, root / spec if (root / spec).is_dir() or not own.is_dir() else own
    path = Path(spec).expanduser()
    if not path.is_dir() and (root / spec).is_dir():
        path = root / spec
    if path.is_dir():
        name = detect(path)
        if name is None:
            raise ParleyError(E.E402, path=path, name="?", reason="its name and files match no known data set "
                              f"layout ({', '.join(names)})")
        return name, path
    if looks_like_path:
        raise ParleyError(E.E401, name=spec, path=path)
    raise ParleyError(E.E400, name=spec, root=root, known=", ".join(names))


def evaluate_dataset(name: str, folder: Path, limit: int | None = None) -> dict[str, Any]:
    """One data set's figures with its name, task, label quality and reference figures."""
    module = load_module(name)
    if not folder.is_dir():
        raise ParleyError(E.E401, name=name, path=folder)
    try:
        figures = module.evaluate(folder, limit=limit)
    except ParleyError:
        raise
    except Exception as exc:  # noqa: BLE001  (one broken data set must not stop the others)
        raise ParleyError(E.E404, name=name, reason=f"{type(exc).__name__}: {exc}") from exc
    return {
        "name": module.NAME,
        "task": module.TASK,
        "labels": getattr(module, "LABELS", "gold"),
        "note": getattr(module, "NOTE", None),
        "folder": str(folder),
        "limit": limit,
        **figures,
        "reference": list(getattr(module, "REFERENCE", [])),
    }


def run(specs: list[str], *, root: Path | None = None, limit: int | None = None,
        on_skip: Any = None) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Evaluate each data set in `specs` (all known when empty): (results, skipped with reasons)."""
    results: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for spec in specs or dataset_names():
        try:
            name, folder = resolve(spec, root)
            results.append(evaluate_dataset(name, folder, limit))
        except ParleyError as exc:
            skipped.append({"name": spec, "code": exc.code.name, "reason": str(exc)})
            if on_skip is not None:
                on_skip(skipped[-1])
    return results, skipped


def _git_dir(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").is_dir():
            return folder / ".git"
    return None


def commit(start: Path | None = None) -> str | None:
    """The short hash of the checked-out commit ("-dirty" when tracked files differ from it)."""
    folder = (start or Path(__file__)).resolve()
    folder = folder if folder.is_dir() else folder.parent
    try:
        run = functools.partial(subprocess.run, cwd=folder, capture_output=True, text=True, timeout=10)
        head = run(["git", "rev-parse", "--short=7", "HEAD"])
        if head.returncode == 0 and head.stdout.strip():
            dirty = run(["git", "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
            return head.stdout.strip() + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    git = _git_dir(folder)
    if git is None:
        return None
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head[:7]
        ref = head.split(None, 1)[1]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()[:7]
        packed = git / "packed-refs"
        if packed.is_file():
            for line in packed.read_text().splitlines():
                if line.endswith(" " + ref):
                    return line.split()[0][:7]
    except OSError:
        return None
    return None
