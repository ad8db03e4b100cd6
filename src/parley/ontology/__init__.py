"""CAMEO, Goldstein, QuadClass and PLOVER as data: small cached loaders over the TSV tables here."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from ..errors import E, ParleyError

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event category with its weights and PLOVER mapping."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None = None
    plover_mode: str | None = None

    @property
    def root(self) -> str:
        """The two-digit root ("125" -> "12")."""
        return self.code[:2]


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a TSV table in this package (lines starting with '#' are comments)."""
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, CameoCode]:
    plover = {row["cameo"]: row for row in read_table("plover.tsv")}
    table: dict[str, CameoCode] = {}
    for row in read_table("cameo.tsv"):
        p = plover.get(row["code"], {})
        table[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover=p.get("plover") or None,
            plover_mode=p.get("mode") or None,
        )
    return table


def normalise_code(code: object) -> str:
    """A CAMEO code as text: strips spaces, restores a lost leading zero ("43" -> "043")."""
    text = str(code).strip()
    if text.isdigit() and len(text) in (1, 2, 3) and text not in _codes() and "0" + text in _codes():
        return "0" + text
    return text


def is_valid(code: object) -> bool:
    """Whether `code` is a CAMEO 1.1b3 event code (root, 3- or 4-digit)."""
    return normalise_code(code) in _codes()


def cameo(code: object) -> CameoCode:
    """The CAMEO category for `code`; raises ParleyError E200 for an unknown code."""
    key = normalise_code(code)
    try:
        return _codes()[key]
    except KeyError:
        raise ParleyError(E.E200, value=code) from None


def codes() -> list[CameoCode]:
    """Every CAMEO category, in code order."""
    return [_codes()[c] for c in sorted(_codes())]


def roots() -> list[CameoCode]:
    """The 20 CAMEO root categories (01-20)."""
    return [c for c in codes() if len(c.code) == 2]


@functools.lru_cache(maxsize=1)
def sectors() -> dict[str, str]:
    """Actor sector code -> name (GOV, MIL, REB, ...)."""
    return {row["code"]: row["name"] for row in read_table("sectors.tsv")}


@functools.lru_cache(maxsize=1)
def _penta() -> dict[str, tuple[int, str]]:
    return {row["root"]: (int(row["penta"]), row["label"]) for row in read_table("penta.tsv")}


def penta(code: object) -> int:
    """The penta class of a CAMEO code (0 statement or appeal, 1-4 as QuadClass but 16 is verbal
    conflict): the five classes of Phoenix and Multi-CoPED data (penta.tsv). E200 on an unknown code."""
    return _penta()[cameo(code).root][0]


def penta_label(code: object) -> str:
    """The penta class name of a CAMEO code ("125" -> VERBAL_CONFLICT)."""
    return _penta()[cameo(code).root][1]
