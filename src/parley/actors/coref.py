"""Within-document coreference for other stages: who a pronoun or 'the minister' refers to.

Pronouns are never actor mentions (mentions are names); events and quotes call
`resolve_pronoun(ctx, start)` to attribute "he said" or "its forces" to the actor meant:
he/she/his/her -> the latest person named before the offset whose gender (KB `gender` field, else a
gendered title) agrees, they/their/it/its -> the latest
state, organisation or group, "the minister" / "the president" -> the latest person holding such
a role. Actors named inside quotation marks are skipped (a quote's names are not its speaker).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

from ..document import Actor
from .kb import KnowledgeBase, default_kb
from .translit import fold

_WORD = re.compile(r"[^\W\d_]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: straight and typographic double quotes that open or close a quotation
_QUOTES = {"\u201c": 1, "\u201d": -1, '"': 0}


@functools.lru_cache(maxsize=1)
def pronoun_table() -> dict[str, tuple[str, str | None]]:
    """Pronoun -> (what it refers to: person | collective, gender m/f or None), from data/pronouns.tsv."""
    rows = resources.files("parley.actors").joinpath("data", "pronouns.tsv").read_text("utf-8").splitlines()
    table: dict[str, tuple[str, str | None]] = {}
    for line in rows:
        if line.strip() and not line.startswith("#"):
            word, kind, *gender = line.split("\t")
            table[word.strip()] = (kind.strip(), (gender[0].strip() or None) if gender else None)
    return table


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks (typographic pairs, or straight ones toggled)."""
    spans, opened = [], None
    for k, char in enumerate(text):
        kind = _QUOTES.get(char)
        if kind is None:
            continue
        if opened is None and kind >= 0:
            opened = k
        elif opened is not None and kind <= 0:
            spans.append((opened, k + 1))
            opened = None
    return spans


def _inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(a <= start < b for a, b in spans)


def _date(ctx: Any) -> str | None:
    document = getattr(ctx, "document", None)
    value = getattr(document, "published", None) or getattr(getattr(ctx, "settings", None), "published", None)
    value = str(value) if value else None
    return value[:10] if value and _DATE.match(value) else None


def _gender(actor: Actor, text: str, kb: KnowledgeBase | None = None) -> str | None:
    """'m' or 'f': the KB entry's `gender`, else a gendered title in a mention ('Mrs', 'Queen'), else None."""
    entry = kb.get(actor.id) if kb is not None and actor.id else None
    if entry is not None and entry.gender:
        return entry.gender
    table = pronoun_table()
    for mention in actor.mentions:
        for word in _WORD.findall(text[mention.start:mention.end]):
            kind, gender = table.get(word.lower(), (None, None))
            if kind == "title" and gender:
                return gender
    return None


def _latest(ctx: Any, start: int, want: Any) -> Actor | None:
    """The actor whose latest mention before `start` (outside quotes) is latest and passes `want`."""
    text = ctx.text
    quotes = quoted_spans(text)
    best: tuple[int, Actor] | None = None
    for actor in ctx.actors:
        for mention in actor.mentions:
            if mention.end > start or _inside(quotes, mention.start) or not want(actor):
                continue
            if best is None or mention.start > best[0]:
                best = (mention.start, actor)
    return best[1] if best else None


def _holds(actor: Actor, role_words: list[str], kb: KnowledgeBase, on_date: str | None, text: str) -> bool:
    """Whether a person actor holds (on the date, else ever) or is titled with a role ('minister')."""
    entry = kb.get(actor.id)
    titles = []
    if entry is not None:
        role = entry.role_on(on_date) if on_date else None
        titles = [role.title] if role else [r.title for r in entry.roles]
    titles += [text[m.start:m.end] for m in actor.mentions]
    for title in titles:
        words = fold(title).split()
        if all(w in words for w in role_words):
            return True
    return False


def resolve_pronoun(ctx: Any, start: int, kb: KnowledgeBase | None = None) -> Actor | None:
    """The actor a pronoun or definite role description at character `start` refers to, or None.

    `ctx` needs `.text` and `.actors` (a pipeline Context); the date comes from the document.
    he/she/his/her: the latest person before `start` whose gender agrees (KB entry, else title);
    they/their/it/its: the latest state, organisation or group; "the minister", "the foreign
    minister", "the president": the latest person holding a role with those words.
    """
    text = getattr(ctx, "text", "") or ""
    if not 0 <= start < len(text) or not getattr(ctx, "actors", None):
        return None
    word = _WORD.match(text, start)
    if word is None:
        return None
    first = word.group().lower()
    kind, gender = pronoun_table().get(first, (None, None))
    if kind == "person":
        kb = kb or default_kb()

        def person(actor: Actor) -> bool:
            return actor.type == "person" and (gender is None or _gender(actor, text, kb) in (None, gender))
        return _latest(ctx, start, person)
    if kind == "collective":
        return _latest(ctx, start, lambda a: a.type in ("state", "organisation", "group"))
    if first != "the":
        return None
    kb = kb or default_kb()
    role_words = _role_words(text, word.end(), kb)
    if not role_words:
        return None
    on_date = _date(ctx)
    return _latest(ctx, start, lambda a: a.type == "person" and _holds(a, role_words, kb, on_date, text))


def _role_words(text: str, end: int, kb: KnowledgeBase) -> list[str]:
    """The role title after 'the' ('foreign minister' -> ['foreign', 'minister']), if one is there."""
    words = [fold(w) for w in _WORD.findall(text[end:end + 60])][:4]
    for size in (4, 3, 2, 1):
        phrase = words[:size]
        if len(phrase) == size and (kb.is_role_title(" ".join(phrase)) or
                                    tuple(phrase) in kb.lexicon.titles):
            return [w for w in phrase if w not in ("of", "the")]
    return []
