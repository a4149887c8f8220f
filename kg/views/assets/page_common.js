// Helpers shared by the page scripts of kg/html.py (graph page and timeline page).
// All text from articles goes into the DOM through textContent, never parsed as HTML.
var kgPage = (function () {
  "use strict";
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  // The list of source articles (id, outlet, date); a link only for an http(s) address,
  // never a javascript: or data: one.
  function sourceList(articles, ids) {
    var ul = el("ul", null, "sources");
    ids.forEach(function (aid) {
      var meta = articles[aid] || {};
      var li = el("li");
      var url = String(meta.url || "");
      if (/^https?:\/\//i.test(url)) {
        var a = el("a", aid);
        a.setAttribute("href", url);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer");
        li.appendChild(a);
      } else {
        li.appendChild(el("span", aid));
      }
      var extra = [meta.outlet, meta.published].filter(Boolean).join(", ");
      if (extra) li.appendChild(el("span", " — " + extra, "source-meta"));
      ul.appendChild(li);
    });
    return ul;
  }
  // "Name: value" as a paragraph of the side panel; nothing for an empty value.
  function field(panel, name, value) {
    if (!value) return;
    var p = el("p", null, "field");
    p.appendChild(el("span", name + ": ", "field-name"));
    p.appendChild(el("span", value));
    panel.appendChild(p);
  }
  // A name in the form typed and stored names are compared in (kg/queries/names.py): no
  // accents, lower case, runs of spaces as one ("López  Obrador" -> "lopez obrador").
  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  // Whether a folded query is part of a label or of one of its aliases.
  function nameMatches(q, label, aliases) {
    return [label].concat(aliases || []).some(function (n) { return fold(n).indexOf(q) !== -1; });
  }
  return { el: el, sourceList: sourceList, field: field, fold: fold, nameMatches: nameMatches };
})();
