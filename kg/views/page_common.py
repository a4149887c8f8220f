"""What the graph page and the timeline page share: the HTML head, inlined assets, the JSON blob,
the scope and article lines, and writing a page atomically.

In: text chunks, the page's data, asset names (``kg/views/assets/*.js|css``, vis-network from the
installed ``pyvis`` package). Out: HTML fragments that reference no file or host (a
Content-Security-Policy forbids fetching any), JSON that is safe inside a ``<script>`` element
(``<``, ``>``, ``&``, U+2028 and U+2029 escaped), and the written file.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.fileio import atomic_write

VIS_DIR = "templates/lib/vis-9.1.2"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}

PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
"""


def embed_json(data) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML, no line separators)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():  # str.replace is ~30x faster than translate here
        text = text.replace(char, escaped)
    return text


def article_table(G: nx.MultiDiGraph, used: set[str]) -> dict[str, dict]:
    """Outlet, date and address of the articles cited; an address that is not http(s) is
    dropped here (the page script also refuses to link one)."""
    out = {}
    for aid in sorted(used):
        meta = dict(G.graph.get("articles", {}).get(aid, {}))
        if not meta:
            continue
        if not re.match(r"https?://", str(meta.get("url", "")), re.I):
            meta["url"] = ""
        out[aid] = meta
    return out


def scope_line(G: nx.MultiDiGraph) -> str:
    """'View: ego of Ana Lopez, depth 2 · filters: since 2026-03-01' (empty for the plain graph)."""
    parts = []
    view = G.graph.get("view", "")
    focus = G.graph.get("focus")
    if view and view != "full":
        parts.append(f"view: {view}" + (f" of {G.nodes[focus]['label']}" if focus in G else ""))
    if G.graph.get("filters"):
        parts.append(f"filters: {G.graph['filters']}")
    return " · ".join(parts)


def vis_asset(name: str) -> str:
    """A file of the vis-network copy bundled with the installed ``pyvis`` package."""
    return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")


def own_asset(name: str) -> str:
    """A file of ``kg/views/assets/`` (the page scripts and style sheet)."""
    return (resources.files("kg.views") / "assets" / name).read_text(encoding="utf-8")


def inline(text: str, tag: str) -> str:
    """Refuse text that would end its inline element early (or start an HTML comment in it)."""
    lowered = text.lower()
    if f"</{tag}" in lowered or "<!--" in lowered:
        raise ValueError(f"cannot inline this {tag}: it contains '</{tag}' or '<!--'")
    return text


def write_page(path: Path, chunks: Iterable[str]) -> None:
    """Write the text ``chunks`` to ``path`` as UTF-8, atomically."""
    def write(out) -> None:
        for chunk in chunks:
            out.write(chunk.encode("utf-8"))

    atomic_write(path, write)
