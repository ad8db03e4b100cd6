"""The actor network: who acts on whom, how often and how cooperatively, for networkx and Gephi.

Nodes are countries (default), actor codes or actor names; a directed edge from A to B sums
the events A directs at B (count, Goldstein sum and mean, QuadClass counts). Events without
both a source and a target are not edges. Written as node-link JSON or GraphML.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import E, ParleyError
from .frames import _pandas, events
from .select import check_choice
from .source import SourceLike

LEVELS = ("country", "code", "actor")
EDGE_COLUMNS = ("source", "target", "events", "goldstein_sum", "goldstein_mean",
                "quad1", "quad2", "quad3", "quad4")
NODE_COLUMNS = ("id", "label", "country", "events_sent", "events_received", "degree")


def _node(row: Any, side: str, level: str) -> tuple[str | None, str | None, str | None]:
    """(id, label, country) of one side of an event at the chosen level of detail."""
    def val(col: str) -> str | None:
        v = row.get(f"{side}_{col}")
        return None if v is None or (isinstance(v, float) and v != v) or v == "" else str(v)

    name, code, country = val("name"), val("code"), val("country")
    if level == "country":
        return country or code or name, country or name or code, country
    if level == "code":
        return code or country or name, code or name, country
    return name or code or country, name or code, country


def network(db: SourceLike, *, level: str = "country", start: str | None = None,
            end: str | None = None, code: str | None = None, plover: str | None = None,
            date: str = "event", min_events: int = 1, self_loops: bool = False) -> tuple[Any, Any]:
    """(nodes, edges) DataFrames of the directed actor graph over the events that match."""
    pd = _pandas()
    check_choice("node level", level, LEVELS)
    frame = events(db, code=code, plover=plover, date=date, start=start, end=end)
    edges: dict[tuple[str, str], list[Any]] = {}
    nodes: dict[str, list[Any]] = {}
    for row in frame.to_dict("records"):
        s_id, s_label, s_country = _node(row, "source", level)
        t_id, t_label, t_country = _node(row, "target", level)
        if not s_id or not t_id or (s_id == t_id and not self_loops):
            continue
        for ident, label, country in ((s_id, s_label, s_country), (t_id, t_label, t_country)):
            nodes.setdefault(ident, [label, country, 0, 0])
        nodes[s_id][2] += 1
        nodes[t_id][3] += 1
        edge = edges.setdefault((s_id, t_id), [0, 0.0, 0, 0, 0, 0, 0])
        edge[0] += 1
        g, q = row.get("goldstein"), row.get("quad_class")
        if g is not None and not pd.isna(g):
            edge[1] += float(g)
            edge[2] += 1
        if q is not None and not pd.isna(q) and 1 <= int(q) <= 4:
            edge[2 + int(q)] += 1
    kept = {k: v for k, v in edges.items() if v[0] >= min_events}
    edge_rows = [(s, t, v[0], round(v[1], 3), round(v[1] / v[2], 3) if v[2] else None, *v[3:])
                 for (s, t), v in sorted(kept.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    linked = {n for s, t, *_ in edge_rows for n in (s, t)}
    degree = {n: sum(1 for s, t, *_ in edge_rows if n in (s, t)) for n in linked}
    node_rows = [(n, v[0], v[1], v[2], v[3], degree[n]) for n, v in sorted(nodes.items()) if n in linked]
    edge_frame = pd.DataFrame.from_records(edge_rows, columns=list(EDGE_COLUMNS))
    node_frame = pd.DataFrame.from_records(node_rows, columns=list(NODE_COLUMNS))
    edge_frame.attrs.update(level=level, events=len(frame))
    return node_frame, edge_frame


def _clean(value: Any) -> Any:
    """A value GraphML and JSON can hold: no NaN, no None (GraphML has no null)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "item"):
        return value.item()
    return value


def to_networkx(nodes: Any, edges: Any) -> Any:
    """A networkx DiGraph with the node and edge attributes of the frames."""
    try:
        import networkx as nx
    except ImportError as exc:
        raise ParleyError(E.E554, reason=str(exc)) from exc
    graph = nx.DiGraph()
    for row in nodes.to_dict("records"):
        graph.add_node(row["id"], **{k: _clean(v) for k, v in row.items() if k != "id"})
    for row in edges.to_dict("records"):
        attrs = {k: _clean(v) for k, v in row.items() if k not in ("source", "target")}
        attrs["weight"] = attrs["events"]
        graph.add_edge(row["source"], row["target"], **attrs)
    return graph


def node_link(nodes: Any, edges: Any) -> dict[str, Any]:
    """The graph as node-link JSON (networkx's `node_link_graph(data, edges="links")` reads it)."""
    return {
        "directed": True, "multigraph": False, "graph": {"generator": "parley"},
        "nodes": [{k: _clean(v) for k, v in r.items()} for r in nodes.to_dict("records")],
        "links": [{k: _clean(v) for k, v in r.items()} for r in edges.to_dict("records")],
    }


def write_graph(nodes: Any, edges: Any, path: str | Path, fmt: str = "graphml") -> Path:
    """Write the graph as GraphML (Gephi, networkx, igraph) or node-link JSON; E557 on failure."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "graphml":
            import networkx as nx

            nx.write_graphml(to_networkx(nodes, edges), path)
        else:
            path.write_text(json.dumps(node_link(nodes, edges), ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise ParleyError(E.E557, path=path, reason=str(exc)) from exc
    return path
