// Page script for kg/html.py: draws the embedded graph with vis-network.
// All text from articles goes into the DOM through textContent, never parsed as HTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var groupByName = {};
  data.groups.forEach(function (g) { groupByName[g.name] = g; });
  var infoById = {};
  data.nodes.forEach(function (n) { infoById[n.id] = n.info; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  // ------------------------------------------------------------------ DOM helpers
  var el = kgPage.el;
  function clip(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }
  function typeLine(info) {
    var parts = [info.type || "?"];
    if (info.kind === "event") {
      if (info.status && info.status !== "occurred") parts.push(info.status);
      if (info.date) parts.push(info.date);
    } else if (info.country) {
      parts.push(info.country);
    }
    return parts.join(" · ");
  }

  // ------------------------------------------------------------------ tooltips
  function tooltip(info) {
    var box = el("div", null, "tip");
    box.appendChild(el("strong", info.label));
    box.appendChild(el("div", typeLine(info), "tip-type"));
    function some(title, items, n) {
      if (!items || !items.length) return;
      box.appendChild(el("div", title, "tip-head"));
      items.slice(0, n).forEach(function (t) { box.appendChild(el("div", clip(t, 160))); });
      if (items.length > n) box.appendChild(el("div", "+ " + (items.length - n) + " more", "tip-more"));
    }
    if (info.kind === "event") {
      some("Participants", info.participants, 4);
      if (info.quote) box.appendChild(el("div", "“" + clip(info.quote, 160) + "”", "tip-quote"));
    } else {
      some("Posts", info.posts, 3);
      some("Events", info.events, 3);
    }
    if (info.evidence && info.evidence.length) {
      box.appendChild(el("div", "Evidence", "tip-head"));
      box.appendChild(el("div", clip(info.evidence[0], 280), "tip-evidence"));
    }
    return box;
  }
  function edgeTooltip(e) {
    var lines = [e.relation + (e.label && e.label !== e.relation ? ": " + e.label : "")];
    if (e.relation === "co-participates") {
      lines.push(e.weight + " shared event(s) in " + e.sources.length + " source article(s)");
    }
    if (e.sources && e.sources.length) lines.push("Sources: " + e.sources.join(", "));
    return lines.join("\n");  // a string title is shown by vis as plain text
  }

  // ------------------------------------------------------------------ network
  var big = !data.physics;
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                 "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78"];
  var maxOf = {};
  data.measures.forEach(function (m) {
    maxOf[m] = 0;
    data.nodes.forEach(function (n) { if ((n.info[m] || 0) > maxOf[m]) maxOf[m] = n.info[m]; });
  });
  var sizeBy = data.sizeBy || "degree";
  function nodeSize(n) {
    var base = n.info.kind === "event" ? 8 : 10;
    if (sizeBy === "none" || !maxOf[sizeBy]) return base;
    return Math.round(base + 30 * Math.sqrt((n.info[sizeBy] || 0) / maxOf[sizeBy]));
  }
  function nodeColour(n, by) {
    var colour = by === "community" && n.info.community !== undefined
      ? PALETTE[n.info.community % PALETTE.length] : groupByName[n.group].colour;
    return { background: colour, border: "#333333",
             highlight: { background: colour, border: "#000000" },
             hover: { background: colour, border: "#000000" } };
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var node = { id: n.id, label: n.label, group: n.group, size: nodeSize(n) };
    if (!big) node.title = tooltip(n.info);  // large graphs: the panel only (tooltips cost DOM)
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    if (n.id === data.focus) { node.borderWidth = 4; }
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var style = data.edgeStyles[e.relation] || { color: "#999999", dashes: false, arrow: true };
    var edge = {
      id: e.id, from: e.from, to: e.to, width: e.width,
      color: { color: style.color, highlight: "#000000", hover: "#000000" },
      dashes: style.dashes, arrows: { to: { enabled: style.arrow, scaleFactor: 0.5 } }
    };
    if (!big) { edge.label = e.label; edge.title = edgeTooltip(e); }
    return edge;
  }));
  var groups = {};
  data.groups.forEach(function (g) { groups[g.name] = g.options; });
  var options = {
    groups: groups,
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" } },
    edges: {
      font: { size: 10, align: "middle", color: "#444444", strokeWidth: 3, face: "system-ui, sans-serif" },
      smooth: big ? false : { type: "continuous" },
      selectionWidth: 2
    },
    layout: { randomSeed: 7, improvedLayout: !big && data.nodes.length <= 300 },
    interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   keyboard: false },
    physics: big ? false : {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -70, springLength: 110, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: data.nodes.length <= 200 ? 400 : 200, updateInterval: 25 }
    }
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNetwork = network;  // for tests and the browser console
  window.kgNodes = nodes;
  window.kgEdges = edges;

  // Labels legible at the initial zoom: vis draws a label font of f canvas px at f * scale
  // screen px, and a fit of a graph of a hundred nodes gives a scale near 0.2 (labels of 2-3 px,
  // or none). After the fit, zoom in about the fitted centre until the smallest label font is
  // READABLE_PX on screen; "Show whole graph" (or the wheel) zooms back out.
  var READABLE_PX = 11;
  var minLabelFont = Math.min.apply(null, data.groups.map(function (g) {
    return (g.options.font && g.options.font.size) || 14;
  }).concat([14]));
  window.kgMinLabelFont = minLabelFont;
  var fitButton = document.getElementById("fit-all");
  function readableZoom() {
    if (!data.nodes.length) return;
    network.fit({ animation: false });
    var fitScale = network.getScale();
    var readable = READABLE_PX / minLabelFont;
    window.kgFitScale = fitScale;
    if (fitScale >= readable) { fitButton.hidden = true; return; }
    network.moveTo({ position: network.getViewPosition(), scale: readable, animation: false });
    fitButton.hidden = false;
  }
  fitButton.addEventListener("click", function () {
    network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  });

  // "interactive": laid out, drawn once, handlers attached (the benchmark waits for this)
  function ready(text) {
    readableZoom();
    layoutStatus.textContent = text;
    network.once("afterDrawing", function () {
      window.kgReadyAt = performance.now();  // ms since navigation started
      window.kgReady = true;
      document.body.setAttribute("data-ready", "true");
    });
    network.redraw();
  }
  var layoutStatus = document.getElementById("layout-status");
  if (big) {
    ready("Layout computed in advance (large graph, " + data.nodes.length +
      " nodes); physics off; click a node for its details.");
  } else if (!data.nodes.length) {
    ready("Layout done: 0 nodes.");

  } else {
    layoutStatus.textContent = "Laying out…";
    network.on("stabilizationProgress", function (p) {
      layoutStatus.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      var placed = Object.keys(network.getPositions()).length;
      ready("Layout done: " + placed + " nodes; drag nodes to rearrange.");
    });
  }

  // ------------------------------------------------------------------ size and colour
  var sizeSelect = document.getElementById("size-by");
  data.measures.concat(["none"]).forEach(function (m) {
    var option = el("option", m === "none" ? "same size" : m);
    option.value = m;
    sizeSelect.appendChild(option);
  });
  sizeSelect.value = sizeBy;
  sizeSelect.addEventListener("change", function () {
    sizeBy = sizeSelect.value;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, size: nodeSize(n) }; }));
  });
  var colourSelect = document.getElementById("colour-by");
  if (data.communities) {
    var option = el("option", "community (" + data.communities + ")");
    option.value = "community";
    colourSelect.appendChild(option);
  }
  colourSelect.addEventListener("change", function () {
    var by = colourSelect.value;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: nodeColour(n, by) }; }));
  });

  // ------------------------------------------------------------------ details panel
  var panel = document.getElementById("details");
  function section(title, items, total) {
    if (!items || !items.length) return;
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    panel.appendChild(ul);
    if (total && total > items.length) {
      panel.appendChild(el("p", "Showing " + items.length + " of " + total + ".", "hint"));
    }
  }
  function field(name, value) { kgPage.field(panel, name, value); }
  function measuresLine(info) {
    var parts = [];
    ["degree", "strength", "betweenness"].forEach(function (m) {
      if (info[m] !== undefined) parts.push(m + " " + (m === "betweenness" ? info[m].toFixed(4) : info[m]));
    });
    if (info.community !== undefined) parts.push("community " + info.community);
    field("Measures", parts.join(" · "));
  }
  function sources(ids) {
    if (!ids || !ids.length) return;
    panel.appendChild(el("h3", "Sources"));
    panel.appendChild(kgPage.sourceList(data.articles, ids));
  }
  function connections(id) {
    var items = network.getConnectedEdges(id).map(function (eid) {
      var e = edgeById[eid];
      var other = e.from === id ? e.to : e.from;
      var arrow = e.relation === "co-participates" ? " — " : (e.from === id ? " → " : " ← ");
      return { text: e.label + arrow, other: other };
    });
    if (!items.length) return;
    panel.appendChild(el("h3", "Connections"));
    var ul = el("ul", null, "connections");
    items.sort(function (a, b) {
      return infoById[a.other].label.localeCompare(infoById[b.other].label);
    }).forEach(function (c) {
      var li = el("li", c.text);
      var button = el("button", infoById[c.other].label, "link");
      button.type = "button";
      button.addEventListener("click", function () { focusNode(c.other); });
      li.appendChild(button);
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function showNode(id) {
    var info = infoById[id];
    panel.replaceChildren();
    panel.appendChild(el("h2", info.label));
    panel.appendChild(el("p", typeLine(info), "type-line"));
    if (info.kind === "event") {
      field("Date", info.date);
      section("Dates as reported", (info.dates || []).length > 1 ? info.dates : []);
      field("Mode", info.mode && info.mode.replace(/_/g, " "));
      field("Status", info.status);
      field("Place", info.place);
      field("Quote", info.quote && "“" + info.quote + "”");
      section("Participants", info.participants);
    } else {
      section("Posts", info.posts);
      section("Events", info.events);
    }
    measuresLine(info);
    section("Evidence", info.evidence, info.evidence_total);
    sources(info.sources);
    connections(id);
    panel.appendChild(el("p", info.iri, "iri"));
  }
  function showEdge(id) {
    var e = edgeById[id];
    panel.replaceChildren();
    panel.appendChild(el("h2", e.label || e.relation));
    panel.appendChild(el("p", infoById[e.from].label + (e.relation === "co-participates" ? " — " : " → ") +
      infoById[e.to].label, "type-line"));
    field("Relation", e.relation);
    if (e.relation === "co-participates") {
      field("Shared events", String(e.weight));
      field("Source articles", String(e.sources.length));
    }
    section("Events", e.events);
    sources(e.sources);
  }
  function clearPanel() {
    panel.replaceChildren(el("p", "Click a node or a line to see its details.", "hint"));
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else clearPanel();
  });

  // ------------------------------------------------------------------ legend and filters
  var SVG_NS = "http://www.w3.org/2000/svg";  // a namespace name, never fetched
  var SWATCHES = {  // the vis shapes, drawn in a 16x16 box
    dot: ["circle", { cx: 8, cy: 8, r: 6 }],
    box: ["rect", { x: 1, y: 4, width: 14, height: 8, rx: 2 }],
    ellipse: ["ellipse", { cx: 8, cy: 8, rx: 7, ry: 4.5 }],
    square: ["rect", { x: 2, y: 2, width: 12, height: 12 }],
    diamond: ["polygon", { points: "8,1 15,8 8,15 1,8" }],
    triangle: ["polygon", { points: "8,2 15,14 1,14" }],
    triangleDown: ["polygon", { points: "1,2 15,2 8,14" }],
    hexagon: ["polygon", { points: "8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5" }],
    star: ["polygon", { points: "8,1 9.8,6 15,6 10.8,9.2 12.4,14.5 8,11.3 3.6,14.5 5.2,9.2 1,6 6.2,6" }]
  };
  function swatch(shape, colour) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var spec = SWATCHES[shape] || SWATCHES.dot;
    var part = document.createElementNS(SVG_NS, spec[0]);
    Object.keys(spec[1]).forEach(function (k) { part.setAttribute(k, String(spec[1][k])); });
    part.setAttribute("fill", colour);
    part.setAttribute("stroke", "#333333");
    part.setAttribute("stroke-width", "0.8");
    svg.appendChild(part);
    return svg;
  }
  var hiddenGroups = {};
  var hiddenStatuses = {};
  var checkboxes = {};
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var showUndated = document.getElementById("show-undated");
  function inWindow(dates, undated) {
    var lo = dateFrom.value || "", hi = (dateTo.value || "9999") + "~";
    for (var i = 0; i < dates.length; i++) {
      // a date is a prefix (2026-04 = the month): it overlaps when its end >= lo and start <= hi
      if (dates[i] + "~" >= lo && dates[i] <= hi) return true;
    }
    return undated && showUndated.checked;
  }
  function eventDates(info) {
    return info.date ? String(info.date).split(" / ") : [];
  }
  function nodeHidden(n) {
    if (hiddenGroups[n.group]) return true;
    if (n.info.kind !== "event") return false;
    var statuses = String(n.info.status || "").split(" / ");
    if (statuses.every(function (s) { return hiddenStatuses[s]; })) return true;
    var dates = eventDates(n.info);
    return !inWindow(dates, !dates.length);
  }
  var hiddenNow = {};
  var hiddenEdgesNow = {};
  function applyFilters() {
    var changed = [];
    var shown = 0;
    data.nodes.forEach(function (n) {
      var h = nodeHidden(n);
      if (!h) shown++;
      if (!!hiddenNow[n.id] !== h) { hiddenNow[n.id] = h; changed.push({ id: n.id, hidden: h }); }
    });
    if (changed.length) nodes.update(changed);
    var changedEdges = [];
    data.edges.forEach(function (e) {
      if (!e.dates) return;  // co-participation edges carry the dates of their events
      var h = !inWindow(e.dates, e.undated > 0);
      if (!!hiddenEdgesNow[e.id] !== h) { hiddenEdgesNow[e.id] = h; changedEdges.push({ id: e.id, hidden: h }); }
    });
    if (changedEdges.length) edges.update(changedEdges);
    document.getElementById("time-status").textContent =
      shown + " of " + data.nodes.length + " nodes shown";
  }
  function setGroupVisible(name, visible) {
    hiddenGroups[name] = !visible;
    checkboxes[name].checked = visible;
    applyFilters();
  }
  if (data.dates.length) {
    [dateFrom, dateTo].forEach(function (input) {
      input.min = data.dates[0].length === 10 ? data.dates[0] : data.dates[0].slice(0, 4) + "-01-01";
      input.addEventListener("change", applyFilters);
    });
    showUndated.addEventListener("change", applyFilters);
  } else {
    document.getElementById("time-filter").hidden = true;
  }
  var statusLegend = document.getElementById("status-legend");
  if (data.statuses.length) {
    data.statuses.forEach(function (s) {
      var label = el("label", null, "legend-item");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute("data-status", s);
      box.addEventListener("change", function () { hiddenStatuses[s] = !box.checked; applyFilters(); });
      label.appendChild(box);
      label.appendChild(el("span", s));
      statusLegend.appendChild(label);
    });
  } else {
    document.getElementById("status-filter").hidden = true;
  }
  var legend = document.getElementById("legend");
  data.groups.forEach(function (g) {
    var label = el("label", null, "legend-item");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-type", g.name);
    box.addEventListener("change", function () { setGroupVisible(g.name, box.checked); });
    checkboxes[g.name] = box;
    label.appendChild(box);
    label.appendChild(swatch(g.options.shape, g.colour));
    label.appendChild(el("span", (g.kind === "event" ? "event: " : "") + g.name));
    label.appendChild(el("span", String(g.count), "count"));
    legend.appendChild(label);
  });
  var edgeLegend = document.getElementById("edge-legend");
  var relations = {};
  data.edges.forEach(function (e) { relations[e.relation] = true; });
  Object.keys(relations).sort().forEach(function (r) {
    var style = data.edgeStyles[r] || { color: "#999999", dashes: false, arrow: true };
    var row = el("div", null, "legend-item");
    var line = el("span", null, "line");
    line.style.borderTopColor = style.color;
    line.style.borderTopStyle = style.dashes ? "dashed" : "solid";
    row.appendChild(line);
    row.appendChild(el("span", r + (style.arrow ? " →" : "")));
    edgeLegend.appendChild(row);
  });

  // ------------------------------------------------------------------ search
  var search = document.getElementById("search");
  var searchStatus = document.getElementById("search-status");
  var matches = [];
  var matchIndex = -1;
  function focusNode(id) {
    var group = data.nodes[id].group;
    if (hiddenGroups[group]) setGroupVisible(group, true);
    if (hiddenNow[id]) {  // out of the time window or status filter: clear those filters
      dateFrom.value = ""; dateTo.value = ""; showUndated.checked = true; hiddenStatuses = {};
      Array.prototype.forEach.call(statusLegend.querySelectorAll("input"), function (b) { b.checked = true; });
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }
  function updateMatches() {
    var q = kgPage.fold(search.value);
    matchIndex = -1;
    matches = q ? data.nodes.filter(function (n) {
      return kgPage.nameMatches(q, n.info.label, n.info.aliases);
    }).map(function (n) { return n.id; }) : [];
    searchStatus.textContent = q ? matches.length + " match" + (matches.length === 1 ? "" : "es") : "";
  }
  function nextMatch() {
    if (!matches.length) return;
    matchIndex = (matchIndex + 1) % matches.length;
    focusNode(matches[matchIndex]);
    searchStatus.textContent = (matchIndex + 1) + " of " + matches.length + ": " + infoById[matches[matchIndex]].label;
  }
  search.addEventListener("input", updateMatches);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); nextMatch(); }
  });
  document.getElementById("search-next").addEventListener("click", nextMatch);

  applyFilters();
  if (data.focus !== null && data.focus !== undefined) { network.selectNodes([data.focus]); showNode(data.focus); }
})();
