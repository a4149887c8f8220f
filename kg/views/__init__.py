"""The views stage: the knowledge graph as NetworkX graphs, measures, HTML pages and a timeline.

In: a store (:class:`kg.store.Store`) or an rdflib ``Dataset``. Out: ``networkx.MultiDiGraph``
views, GraphML / GEXF files, ranked measures, self-contained HTML pages, timeline entries.

Modules, in the order data flows: :mod:`~kg.views.network` (RDF -> the ``"full"`` graph),
:mod:`~kg.views.filters` and :mod:`~kg.views.projections` (the views of it),
:mod:`~kg.views.export` (GraphML / GEXF), :mod:`~kg.views.analytics` (degree, betweenness,
communities), :mod:`~kg.views.pages` (the graph page) and :mod:`~kg.views.timeline_page` (the
timeline page) with :mod:`~kg.views.page_common`, :mod:`~kg.views.layout` and
:mod:`~kg.views.styles`, and :mod:`~kg.views.timeline` (``kg timeline``, from the query library).
"""
from kg.views.analytics import Measures, format_rows, measures, ranked
from kg.views.export import GRAPH_FORMATS, export_graph
from kg.views.filters import Filters
from kg.views.network import EVIDENCE_LIMIT, build_network, read_full
from kg.views.pages import DEFAULT_TITLE, LAYOUT_THRESHOLD, graph_to_vis, render_html, write_html
from kg.views.projections import VIEW_FUNCTIONS, VIEWS, find_node, project
from kg.views.timeline import TimelineEntry, timeline
from kg.views.timeline_page import TIMELINE_TITLE, render_timeline, timeline_data, write_timeline

__all__ = ["build_network", "read_full", "project", "Filters", "find_node", "export_graph",
           "VIEWS", "VIEW_FUNCTIONS", "GRAPH_FORMATS", "EVIDENCE_LIMIT", "measures", "ranked",
           "format_rows", "Measures", "write_html", "render_html", "graph_to_vis",
           "DEFAULT_TITLE", "LAYOUT_THRESHOLD", "write_timeline", "render_timeline",
           "timeline_data", "TIMELINE_TITLE", "timeline", "TimelineEntry"]
