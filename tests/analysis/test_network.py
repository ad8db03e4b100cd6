"""The actor network: edges with counts and Goldstein, written as GraphML and node-link JSON."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from parley.analysis.network import network, node_link, write_graph


def _edge(edges, s, t):
    rows = edges[(edges["source"] == s) & (edges["target"] == t)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_country_network_merges_codes_of_one_country(store_path):
    nodes, edges = network(store_path)
    usa_irn = _edge(edges, "USA", "IRN")  # USA and USAGOV both have country USA
    assert usa_irn["events"] == 3
    assert usa_irn["goldstein_sum"] == pytest.approx(-7.0)
    assert usa_irn["goldstein_mean"] == pytest.approx(-7.0 / 3, abs=1e-3)
    assert (usa_irn["quad1"], usa_irn["quad3"], usa_irn["quad4"]) == (1, 1, 1)
    assert set(nodes["id"]) == {"USA", "IRN", "FRA", "CHN", "PHL"}
    irn = nodes[nodes["id"] == "IRN"].iloc[0]
    assert (irn["events_sent"], irn["events_received"]) == (2, 4)


def test_code_level_keeps_government_codes_apart(store_path):
    _, edges = network(store_path, level="code")
    assert _edge(edges, "USAGOV", "IRNGOV")["events"] == 1
    assert _edge(edges, "USA", "IRN")["events"] == 2


def test_date_range_and_min_events(store_path):
    _, edges = network(store_path, start="2026-01-01")
    assert set(zip(edges["source"], edges["target"], strict=True)) == {("CHN", "PHL"), ("PHL", "CHN")}
    _, strong = network(store_path, min_events=2)
    assert list(zip(strong["source"], strong["target"], strict=True)) == [("USA", "IRN"), ("IRN", "USA")]


def test_graphml_is_read_back_by_networkx(tmp_path, store_path):
    nodes, edges = network(store_path)
    graph = nx.read_graphml(write_graph(nodes, edges, tmp_path / "g.graphml", "graphml"))
    assert graph.is_directed()
    assert graph.number_of_nodes() == len(nodes) and graph.number_of_edges() == len(edges)
    data = graph.edges["USA", "IRN"]
    assert data["events"] == 3 and data["weight"] == 3
    assert data["goldstein_mean"] == pytest.approx(-2.333, abs=1e-3)
    assert graph.nodes["IRN"]["events_received"] == 4


def test_node_link_json_is_read_back_by_networkx(tmp_path, store_path):
    nodes, edges = network(store_path)
    data = json.loads(write_graph(nodes, edges, tmp_path / "g.json", "json").read_text())
    graph = nx.node_link_graph(data, edges="links")
    assert graph.has_edge("CHN", "PHL") and graph["CHN"]["PHL"]["events"] == 1
    assert node_link(nodes, edges)["directed"] is True
