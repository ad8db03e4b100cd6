"""Small PETRARCH-format dictionaries written for these tests (invented names and patterns)."""

from __future__ import annotations

from pathlib import Path

import pytest

ACTORS = """<!-- test actors: invented -->
VELMORA_  [VLM]
+VELMORAN
+THE_VELMORA_REPUBLIC

KASTREL [KSTGOV]  # a seat of power
ORDO_VANTIS [IGOOVT]

TALIN_MERROW_  # a person with dated roles
+T._MERROW
\t[VLMGOV 20050101-20091231]
\t[VLMOPP >20100101]
\t[VLMELI]

ASH_LEAGUE [VLMREBASH]
BROKEN_LINE_WITHOUT_CODE
"""

AGENTS = """!PERSON! = MAN, MEN
HARBOUR_MASTER [~GOV]
FERRY!PERSON! [~BUS]
DOCK_POLICE {} [~COP]
PORT_COUNCIL {PORT_COUNCILS} [~GOVLOC]
"""

VERBS = """####### SYNONYM SETS #######
&TRUCE
+TRUCE
+CEASE_FIRE

--- PARLEY  [040]  ---
PARLEY
NEGOTIATE
- * (WITH +)  [031]   # target after 'with'
- * &TRUCE  [0356]
- * {TRADE DEAL}  [0311]
- * (TO $)  [042]
- NEVER *  [040]
- * RUMOUR  [999]

--- SNUB  [---]  ---
SNUB
+BRUSH_OFF [125]
- * ENVOY  [1244]
"""


@pytest.fixture()
def snippets(tmp_path: Path) -> dict[str, Path]:
    """The three test dictionaries as files."""
    paths = {}
    for name, text in (("actors", ACTORS), ("agents", AGENTS), ("verbs", VERBS)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, "utf-8")
        paths[name] = path
    return paths
