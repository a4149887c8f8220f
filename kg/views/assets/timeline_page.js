// Page script for the timeline page of kg/html.py: events on a time axis, one row per actor.
// All text from articles goes into the DOM through textContent, never parsed as HTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var SVG_NS = "http://www.w3.org/2000/svg";  // a namespace name, never fetched
  var ROW = 28, LABEL_W = 230, TOP = 34, DAY = 86400000;
  var RULED_OUT = { negated: true, rejected: true };
  var TENTATIVE = { planned: true, proposed: true, hypothetical: true };

  var el = kgPage.el;
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function statusOf(ev) { return String(ev.status || "occurred").split(" / "); }
  function kindOf(ev) {
    var s = statusOf(ev);
    if (s.some(function (x) { return RULED_OUT[x]; })) return "ruled-out";
    if (s.every(function (x) { return TENTATIVE[x]; })) return "tentative";
    return "held";
  }

  // ------------------------------------------------------------------ scale
  // An ordinal axis: one column per distinct day that starts or ends an event, in order (news
  // cluster in a few days with long gaps between; a linear axis would leave most of it empty).
  var dated = data.events.filter(function (e) { return e.start; });
  var dayset = {};
  dated.forEach(function (e) { dayset[e.start] = true; dayset[e.end] = true; });
  var columns = Object.keys(dayset).sort();
  var COL = 78;
  var plotW = Math.max(COL, columns.length * COL);
  function column(iso) {  // the last column on or before iso
    var lo = 0, hi = columns.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (columns[mid] <= iso) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // undated events in a band of their own right after the names, where a reader sees them;
  // the dated axis starts after it (axis0 is set by draw, from the band's width)
  var undatedX = LABEL_W + 10, axis0 = LABEL_W + 10;
  function x(iso) { return axis0 + column(iso) * COL + 8; }

  // ------------------------------------------------------------------ filters
  var hiddenStatus = {}, hiddenType = {};
  var search = document.getElementById("search");
  function eventShown(ev) {
    if (hiddenType[ev.type]) return false;
    return !statusOf(ev).every(function (s) { return hiddenStatus[s]; });
  }

  // ------------------------------------------------------------------ drawing
  var box = document.getElementById("timeline");
  var panel = document.getElementById("details");
  function draw() {
    var q = kgPage.fold(search.value);
    var rows = data.rows.filter(function (r) {
      return (!q || kgPage.nameMatches(q, r.label, r.aliases)) &&
        r.events.some(function (i) { return eventShown(data.events[i]); });
    });
    document.getElementById("search-status").textContent = rows.length + " of " + data.rows.length + " actors";
    var height = TOP + rows.length * ROW + 20;
    var undatedW = 20 + 15 * Math.max(4, Math.max.apply(null, [0].concat(rows.map(function (r) {
      return r.events.filter(function (k) { return !data.events[k].start && eventShown(data.events[k]); }).length;
    }))));
    var anyUndated = dated.length < data.events.length;
    axis0 = LABEL_W + 10 + (anyUndated ? undatedW + 10 : 0);
    var totalW = axis0 + plotW + 20;
    var root = svg("svg", { width: totalW, height: height, role: "img" });
    if (anyUndated) {
      root.appendChild(svg("rect", { x: undatedX, y: TOP - 26, width: undatedW, height: height - TOP + 26,
        fill: "#f1f1f1", "class": "undated-band" }));
    }
    // axis: one labelled column per day; a dashed line where days are skipped
    columns.forEach(function (day, i) {
      var tx = axis0 + i * COL;
      var gap = i > 0 && Date.parse(day) - Date.parse(columns[i - 1]) > DAY;
      root.appendChild(svg("line", { x1: tx, x2: tx, y1: TOP - 8, y2: height,
        "class": gap ? "tick gap" : "tick" }));
      root.appendChild(svg("text", { x: tx + 3, y: TOP - 12, "class": "tick-label" }, day));
    });
    if (anyUndated) {
      root.appendChild(svg("text", { x: undatedX + 4, y: TOP - 12, "class": "tick-label undated-label" }, "undated"));
    }
    rows.forEach(function (r, i) {
      var y = TOP + i * ROW + ROW / 2;
      var g = svg("g", { "class": "row" });
      g.appendChild(svg("line", { x1: 0, x2: totalW, y1: y + ROW / 2, y2: y + ROW / 2, "class": "row-line" }));
      g.appendChild(svg("text", { x: 4, y: y + 4, "class": "row-label" },
        r.label.length > 34 ? r.label.slice(0, 33) + "…" : r.label));
      var undatedN = 0, inColumn = {};
      r.events.forEach(function (k) {
        var ev = data.events[k];
        if (!eventShown(ev)) return;
        var cx;
        if (ev.start) {  // several events on one day in one row sit side by side
          var c = column(ev.start);
          inColumn[c] = (inColumn[c] || 0) + 1;
          cx = x(ev.start) + ((inColumn[c] - 1) % 5) * 13;
        } else {
          cx = undatedX + 10 + (undatedN++) * 15;
        }
        var mark = svg("g", { "class": "mark " + kindOf(ev), "data-event": ev.id, tabindex: 0 });
        if (ev.start && ev.end !== ev.start) {
          mark.appendChild(svg("rect", { x: cx, y: y - 4, width: Math.max(3, x(ev.end) - cx), height: 8,
            fill: ev.colour, "fill-opacity": 0.35, stroke: ev.colour }));
        }
        var kind = kindOf(ev);
        mark.appendChild(svg("circle", { cx: cx, cy: y, r: 6, fill: kind === "held" ? ev.colour : "#ffffff",
          stroke: ev.colour, "stroke-width": 2, "stroke-dasharray": kind === "tentative" ? "3 2" : "none" }));
        if (kind === "ruled-out") {
          mark.appendChild(svg("path", { d: "M" + (cx - 5) + " " + (y - 5) + " L" + (cx + 5) + " " + (y + 5) +
            " M" + (cx + 5) + " " + (y - 5) + " L" + (cx - 5) + " " + (y + 5), stroke: "#b00020", "stroke-width": 2 }));
        }
        mark.appendChild(svg("title", {}, (ev.date || "undated") + " " + ev.label + " [" + ev.status + "]"));
        mark.addEventListener("click", function () { showEvent(ev); });
        mark.addEventListener("keydown", function (e) { if (e.key === "Enter") showEvent(ev); });
        g.appendChild(mark);
      });
      root.appendChild(g);
    });
    box.replaceChildren(root);
  }

  // ------------------------------------------------------------------ details
  function section(title, items) {
    if (!items || !items.length) return;
    panel.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    panel.appendChild(ul);
  }
  function field(name, value) { kgPage.field(panel, name, value); }
  function showEvent(ev) {
    panel.replaceChildren();
    panel.appendChild(el("h2", ev.label));
    panel.appendChild(el("p", ev.type + " · " + (ev.status || "occurred") + " · " + (ev.date || "undated"), "type-line"));
    section("Dates as reported", ev.dates.length > 1 ? ev.dates : []);
    field("Mode", ev.mode && ev.mode.replace(/_/g, " "));
    field("Place", ev.place);
    field("Quote", ev.quote && "“" + ev.quote + "”");
    section("Participants", ev.participants);
    section("Evidence", ev.evidence);
    if (ev.sources.length) {
      panel.appendChild(el("h3", "Sources"));
      panel.appendChild(kgPage.sourceList(data.articles, ev.sources));
    }
    panel.appendChild(el("p", ev.iri, "iri"));
  }

  // ------------------------------------------------------------------ legends
  function checkbox(container, text, colour, onChange, attr) {
    var label = el("label", null, "legend-item");
    var input = el("input");
    input.type = "checkbox";
    input.checked = true;
    input.setAttribute(attr[0], attr[1]);
    input.addEventListener("change", function () { onChange(input.checked); draw(); });
    label.appendChild(input);
    if (colour) {
      var sw = el("span", null, "swatch");
      sw.style.background = colour;
      label.appendChild(sw);
    }
    label.appendChild(el("span", text));
    container.appendChild(label);
  }
  var statusLegend = document.getElementById("status-legend");
  data.statuses.forEach(function (s) {
    var kind = RULED_OUT[s] ? "ruled out" : TENTATIVE[s] ? "not yet held" : "held";
    checkbox(statusLegend, s + " (" + kind + ")", null, function (on) { hiddenStatus[s] = !on; }, ["data-status", s]);
  });
  var legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    checkbox(legend, t.name, t.colour, function (on) { hiddenType[t.name] = !on; }, ["data-type", t.name]);
  });
  search.addEventListener("input", draw);
  draw();
  document.getElementById("layout-status").textContent = data.events.length + " events drawn.";
  window.kgReady = true;
  document.body.setAttribute("data-ready", "true");
})();
