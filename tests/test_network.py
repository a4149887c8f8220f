"""kg.views.network: the NetworkX projection of the fixture corpus (tests/fixture_corpus.py)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from fixture_corpus import TEXT_B, fixture_corpus

import kg.views.network
from kg.graph.iris import IRIs
from kg.graph.writer import corpus_to_dataset
from kg.views.network import build_network

IRI = IRIs()
ANA = str(IRI.entity("person/ana-lopez"))
RUI = str(IRI.entity("person/rui-costa"))
GAC = str(IRI.entity("ministry/ca-global-affairs"))
CALL = str(IRI.event("communication/call-1"))
MEET = str(IRI.event("meeting/meet-1"))
STMT = str(IRI.event("statement/stmt-1"))




def _edges(G):
    label = lambda n: G.nodes[n]["label"]  # noqa: E731
    return {(label(u), label(v), d["relation"], d["label"]) for u, v, d in G.edges(data=True)}


def test_full_view_has_every_actor_and_event_by_type(full):
    counts = Counter((d["kind"], d["type"]) for _, d in full.nodes(data=True))
    assert counts == {
        ("actor", "Person"): 2, ("actor", "Country"): 2, ("actor", "Ministry"): 2,
        ("actor", "Agency"): 1, ("actor", "CriminalOrganization"): 1, ("actor", "Place"): 1,
        ("actor", "Media"): 1,
        ("event", "Communication"): 1, ("event", "Meeting"): 1, ("event", "Statement"): 1,
        ("event", "Threat"): 1,
    }


def test_full_view_edges(full):
    call = "Communication (phone) 2026-03-03 / 2026-03-04"
    meet = "Meeting (in person) 2026-04"
    assert _edges(full) == {
        (call, "Ana Lopez", "initiator", "initiator"),
        (call, "Rui Costa", "recipient", "recipient"),
        (meet, "Ana Lopez", "participant", "participant"),
        (meet, "Rui Costa", "participant", "participant"),
        (meet, "Ottawa", "at", "at"),
        ("Statement", "Ministério das Relações Exteriores", "initiator", "initiator"),
        ("Threat", "Red Hand <script>Gang", "initiator", "initiator"),
        ("Ana Lopez", "Global Affairs Canada", "holds post", "Foreign Minister"),
        # fixture-b names only the country of the post
        ("Ana Lopez", "Canada", "holds post", "canciller"),
        ("Rui Costa", "Ministério das Relações Exteriores", "holds post", "Foreign Minister"),
        ("Consular Affairs Bureau", "Global Affairs Canada", "part of", "part of"),
    }


def test_call_reported_twice_is_one_event_with_both_dates_and_sources(full):
    call = full.nodes[CALL]
    assert (call["type"], call["mode"], call["status"]) == ("Communication", "phone", "occurred")
    assert call["date"] == "2026-03-03 / 2026-03-04"
    assert call["dates"] == ["2026-03-03 — fixture-a", "2026-03-04 — fixture-b"]
    assert call["sources"] == ["fixture-a", "fixture-b"]
    assert call["participants"] == ["Ana Lopez (initiator)", "Rui Costa (recipient)"]
    assert full.has_edge(CALL, ANA, key="initiator") and full.has_edge(CALL, RUI, key="recipient")
    assert full.edges[CALL, ANA, "initiator"]["sources"] == ["fixture-a", "fixture-b"]
    assert f"{TEXT_B} — fixture-b" in call["evidence"]


def test_event_attributes(full):
    meet, stmt = full.nodes[MEET], full.nodes[STMT]
    assert (meet["status"], meet["mode"], meet["place"], meet["date"]) == (
        "planned", "in_person", "Ottawa", "2026-04")
    assert stmt["quote"] == "frank and useful" and stmt["date"] == ""


def test_actor_attributes(full):
    ana = full.nodes[ANA]
    assert ana["label"] == "Ana Lopez" and ana["type"] == "Person"
    assert ana["country"] == "Canada"  # from her posts: the entity itself has no country
    assert ana["posts"] == ["Foreign Minister (Global Affairs Canada) — fixture-a",
                            "canciller (Canada) — fixture-b"]
    assert ana["events"] == [
        "2026-03-03 / 2026-03-04 Communication (phone) — initiator; with Rui Costa",
        "2026-04 Meeting (in person) [planned] — participant; with Rui Costa",
    ]
    assert ana["sources"] == ["fixture-a", "fixture-b"]
    assert ana["evidence_total"] == 2
    assert [e.rsplit(" — ", 1)[1] for e in ana["evidence"]] == ["fixture-a", "fixture-b"]
    assert full.nodes[GAC]["sources"] == ["fixture-a"]  # cited as the organisation of a post
    assert full.nodes[GAC]["country"] == "Canada"
    ottawa = full.nodes[str(IRI.entity("place/ottawa"))]
    assert ottawa["events"] == [
        "2026-04 Meeting (in person) [planned] — place; with Ana Lopez, Rui Costa"]


def test_part_of_from_gazetteer_is_attributed_to_it(full):
    (edge,) = [d for _, _, d in full.edges(data=True) if d["relation"] == "part of"]
    assert edge["sources"] == ["gazetteer"]


def test_actors_view_weights_co_participation(actors):
    assert {d["kind"] for _, d in actors.nodes(data=True)} == {"actor"}
    assert actors.number_of_nodes() == 10
    co = actors.get_edge_data(ANA, RUI, key="co-participates")
    assert co["weight"] == 2
    assert co["label"] == "Communication, Meeting"
    assert co["sources"] == ["fixture-a", "fixture-b"]
    assert _edges(actors) == {
        ("Ana Lopez", "Rui Costa", "co-participates", "Communication, Meeting"),
        ("Ana Lopez", "Global Affairs Canada", "holds post", "Foreign Minister"),
        ("Ana Lopez", "Canada", "holds post", "canciller"),
        ("Rui Costa", "Ministério das Relações Exteriores", "holds post", "Foreign Minister"),
        ("Consular Affairs Bureau", "Global Affairs Canada", "part of", "part of"),
    }


def test_evidence_is_capped_but_counted(ds, monkeypatch):
    monkeypatch.setattr(kg.views.network, "EVIDENCE_LIMIT", 1)
    ana = build_network(ds, "full").nodes[ANA]
    assert len(ana["evidence"]) == 1 and ana["evidence_total"] == 2


def test_same_input_same_graph(ds):
    a = build_network(corpus_to_dataset(fixture_corpus()), "full")
    b = build_network(ds, "full")
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_unknown_view_is_refused(ds):
    with pytest.raises(ValueError, match="unknown network view 'everything'"):
        build_network(ds, "everything")


def test_no_ontology_iri_written_as_a_string():
    source = (Path(kg.views.network.__file__)).read_text(encoding="utf-8")
    assert "http://" not in source and "https://" not in source


def test_oxigraph_store_gives_the_same_graph(ds):
    from kg.store.embedded import Store

    store = Store.memory()
    store.replace_dataset(ds)
    for view in ("full", "actors"):
        a, b = build_network(ds, view), build_network(store, view)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True))
        assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


# ---------------------------------------------------------------------------- views and filters
from kg.views.export import export_graph  # noqa: E402
from kg.views.filters import Filters  # noqa: E402
from kg.views.projections import find_node, project  # noqa: E402

CANADA = str(IRI.entity("country/canada"))
GANG = str(IRI.entity("criminalorganization/red-hand-gang"))
ITAMARATY = str(IRI.entity("ministry/br-itamaraty"))


def _labels(G):
    return {G.nodes[n]["label"] for n in G}


def test_events_view_is_bipartite_actors_and_events(full):
    G = project(full, "events")
    kinds = {n: d["bipartite"] for n, d in G.nodes(data=True)}
    assert {n for n, b in kinds.items() if b == 1} == {
        n for n, d in full.nodes(data=True) if d["kind"] == "event"}
    assert {n for n, b in kinds.items() if b == 0} == {ANA, RUI, ITAMARATY, GANG}
    assert {k for _, _, k in G.edges(keys=True)} == {"initiator", "recipient", "participant"}
    assert all(kinds[u] == 1 and kinds[v] == 0 for u, v in G.edges())


def test_org_view_has_hierarchy_and_posts_only(full):
    G = project(full, "org")
    assert _labels(G) == {"Ana Lopez", "Rui Costa", "Global Affairs Canada", "Canada",
                          "Ministério das Relações Exteriores", "Consular Affairs Bureau"}
    assert {k for _, _, k in G.edges(keys=True)} == {"holds post", "part of"}


def test_ego_view_by_depth(full):
    one = project(full, "ego", focus="Rui Costa", depth=1)
    assert _labels(one) == {"Rui Costa", "Ana Lopez", "Ministério das Relações Exteriores"}
    assert one.graph["focus"] == RUI and one.nodes[RUI]["focus"] is True
    two = project(full, "ego", focus="rui", depth=2)
    assert _labels(two) == _labels(one) | {"Global Affairs Canada", "Canada"}
    assert project(full, "ego", focus=RUI, depth=0).number_of_nodes() == 1


def test_ego_focus_errors_name_the_problem(full):
    with pytest.raises(ValueError, match="no actor named 'Nobody'"):
        project(full, "ego", focus="Nobody")
    with pytest.raises(ValueError, match="'a' matches .* nodes: .*Ana Lopez"):
        find_node(project(full, "actors"), "a")
    with pytest.raises(ValueError, match="needs a focus"):
        project(full, "ego")


def test_time_window_keeps_overlapping_dates_and_drops_idle_actors(full):
    march = project(full, "full", Filters(since="2026-03-04", until="2026-03-31"))
    assert {d["label"] for _, d in march.nodes(data=True) if d["kind"] == "event"} == {
        "Communication (phone) 2026-03-03 / 2026-03-04"}  # one report gives the 4th
    assert _labels(march) == {"Communication (phone) 2026-03-03 / 2026-03-04", "Ana Lopez",
                              "Rui Costa"}
    april = project(full, "full", Filters(since="2026-04-15"))  # inside the month "2026-04"
    assert {d["label"] for _, d in april.nodes(data=True) if d["kind"] == "event"} == {
        "Meeting (in person) 2026-04"}
    assert "Ottawa" in _labels(april)  # the place of a kept event stays
    assert project(full, "full", Filters(until="2026-03-02")).number_of_nodes() == 0
    assert march.graph["filters"] == "since 2026-03-04; until 2026-03-31"


def test_type_status_actor_country_and_source_filters(full):
    G = project(full, "full", Filters(event_types=("threat",)))
    assert _labels(G) == {"Threat", "Red Hand <script>Gang"}
    G = project(full, "full", Filters(statuses=("planned",)))
    assert {d["label"] for _, d in G.nodes(data=True) if d["kind"] == "event"} == {
        "Meeting (in person) 2026-04"}
    G = project(full, "actors", Filters(actor_types=("Person",)))
    assert _labels(G) == {"Ana Lopez", "Rui Costa"}
    assert G.get_edge_data(ANA, RUI, key="co-participates")["weight"] == 2
    G = project(full, "full", Filters(actor_types=("CriminalOrganization",)))
    assert {d["type"] for _, d in G.nodes(data=True) if d["kind"] == "event"} == {"Threat"}
    G = project(full, "actors", Filters(countries=("canada",)))
    assert _labels(G) == {"Ana Lopez", "Canada", "Global Affairs Canada",
                          "Consular Affairs Bureau"}
    assert G.has_edge(str(IRI.entity("agency/ca-consular")), GAC, key="part of")
    G = project(full, "full", Filters(sources=("fixture-b",)))
    assert {d["label"] for _, d in G.nodes(data=True) if d["kind"] == "event"} == {
        "Communication (phone) 2026-03-03 / 2026-03-04"}
    assert {(G.nodes[u]["label"], d["label"]) for u, v, d in G.edges(data=True)
            if d["relation"] == "holds post"} == {("Ana Lopez", "canciller")}


def test_bad_filter_values_are_refused_with_the_value():
    with pytest.raises(ValueError, match="--since '2026-02-30' is not a date"):
        Filters(since="2026-02-30")
    with pytest.raises(ValueError, match="after --until"):
        Filters(since="2026-05", until="2026-04")
    with pytest.raises(ValueError, match="unknown event type 'Meetin'"):
        Filters(event_types=("Meetin",))
    with pytest.raises(ValueError, match="unknown status 'held'"):
        Filters(statuses=("held",))
    with pytest.raises(ValueError, match="unknown actor type 'Minister'"):
        Filters(actor_types=("Minister",))


def test_filters_do_not_change_the_full_graph(full):
    before = (full.number_of_nodes(), full.number_of_edges())
    project(full, "actors", Filters(since="2026-04", actor_types=("Person",)))
    assert (full.number_of_nodes(), full.number_of_edges()) == before


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_round_trip_with_scalar_attributes(full, tmp_path, fmt):
    import networkx as nx

    G = project(full, "actors")
    path = export_graph(G, tmp_path / f"g.{fmt}", fmt)
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    ana = back.nodes[ANA]
    assert ana["posts"] == "; ".join(G.nodes[ANA]["posts"])
    assert ana["label"] == "Ana Lopez"
    gang = back.nodes[GANG]
    assert gang["label"] == "Red Hand <script>Gang"  # escaped in XML, intact when read back
    assert not (tmp_path / f"g.{fmt}").read_text(encoding="utf-8").count("<script>")


def test_filtered_actor_lists_only_the_events_kept(full):
    G = project(full, "full", Filters(statuses=("planned",)))
    assert G.nodes[ANA]["events"] == [
        "2026-04 Meeting (in person) [planned] — participant; with Rui Costa"]
    assert len(full.nodes[ANA]["events"]) == 2  # the full graph is untouched
