/* gtgraph report: opens a concept's panel from the diagram, the lists and the URL
   fragment; switches diagram levels; filters the codebook.  Text from the project
   only ever enters the page through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gt-data").textContent);
  var concepts = data.concepts;
  var settings = data.settings;
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  var opener = null;
  var current = null;
  var KINDS = {
    code: "Code", category: "Category", theme: "Theme", core: "Core category"
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function conceptButton(id) {
    var c = concepts[id];
    var button = el("button", "concept-link", c ? c.name : id);
    button.type = "button";
    button.setAttribute("data-concept", id);
    button.addEventListener("click", function () { open(id, button); });
    return button;
  }

  function nameOf(id) {
    if (concepts[id]) { return concepts[id].name; }
    return id;
  }

  function segmentsOf(concept) {
    var seen = {};
    var out = [];
    concept.codes.forEach(function (code) {
      (data.codeSegments[code] || []).forEach(function (n) {
        if (!seen[n]) { seen[n] = []; out.push(n); }
        seen[n].push(code);
      });
    });
    out.sort(function (a, b) { return a - b; });
    return { numbers: out, codes: seen };
  }

  /* The first k segments of a concept, without walking all of them (each code's
     list is already in order). */
  function firstSegments(concept, k) {
    var out = [];
    concept.codes.forEach(function (code) {
      (data.codeSegments[code] || []).slice(0, k).forEach(function (n) {
        if (out.indexOf(n) < 0) { out.push(n); }
      });
    });
    out.sort(function (a, b) { return a - b; });
    return out.slice(0, k);
  }

  function quoteItem(n, codes) {
    var seg = data.segments[n];
    var source = data.sources[seg[0]];
    var item = el("li", "quote-item");
    if (settings.quotes) {
      item.appendChild(el("blockquote", "quote", seg[1]));
    }
    var who = el("p", "who");
    var speaker = source[1] || "participant not recorded";
    who.appendChild(el("span", "participant", speaker));
    who.appendChild(document.createTextNode(", " + source[0]));
    if (seg[2]) { who.appendChild(document.createTextNode(" (coded by " + seg[2] + ")")); }
    if (codes && codes.length) {
      who.appendChild(document.createTextNode(" · " + codes.map(nameOf).join(", ")));
    }
    item.appendChild(who);
    return item;
  }

  /* A list that shows the first quotesPerPanel items and the rest on demand. */
  function quoteList(numbers, codesOf, label) {
    var box = el("div", "quotes");
    var list = el("ol", "quote-list");
    list.setAttribute("aria-label", label);
    box.appendChild(list);
    var shown = 0;
    var more = el("button", "more");
    more.type = "button";
    function showMore() {
      var stop = Math.min(numbers.length, shown + settings.quotesPerPanel);
      for (; shown < stop; shown += 1) {
        list.appendChild(quoteItem(numbers[shown], codesOf ? codesOf[numbers[shown]] : null));
      }
      var left = numbers.length - shown;
      if (left > 0) {
        more.textContent = "Show " + Math.min(left, settings.quotesPerPanel) +
          " more (" + left + " not shown)";
        more.hidden = false;
      } else {
        more.hidden = true;
      }
    }
    more.addEventListener("click", showMore);
    showMore();
    box.appendChild(more);
    return box;
  }

  function heading(text) { return el("h3", null, text); }

  function render(id) {
    var c = concepts[id];
    body.textContent = "";
    var kind = KINDS[c.kind] || c.kind;
    if (c.kind === "code") {
      var extra = [c.stage];
      if (c.inVivo) { extra.push("in vivo"); }
      kind += " (" + extra.join(", ") + ")";
    }
    body.appendChild(el("p", "kind", kind));
    var title = el("h2", null, c.name);
    title.id = "panel-title";
    title.tabIndex = -1;
    body.appendChild(title);
    body.appendChild(el("p", c.definition ? "definition" : "definition empty",
      c.definition || "No definition yet."));
    var g = c.grounding;
    body.appendChild(el("p", "grounding",
      "Grounded in " + plural(g[0], "segment", "segments") + " from " +
      plural(g[1], "participant", "participants") + " in " +
      plural(g[2], "source", "sources") + "."));

    if (c.properties.length) {
      body.appendChild(heading("Properties and dimensions"));
      var props = el("dl", "properties");
      c.properties.forEach(function (p) {
        props.appendChild(el("dt", null, p[0]));
        if (p[1]) { props.appendChild(el("dd", null, p[1])); }
        p[2].forEach(function (d) {
          var poles = (d[1] || "low") + " ↔ " + (d[2] || "high");
          props.appendChild(el("dd", "dimension", d[0] === p[0] ? poles : d[0] + ": " + poles));
        });
      });
      body.appendChild(props);
    }
    if (c.parents.length) {
      body.appendChild(heading("Part of"));
      var up = el("ul", "links");
      c.parents.forEach(function (p) { var li = el("li"); li.appendChild(conceptButton(p)); up.appendChild(li); });
      body.appendChild(up);
    }
    if (c.kind !== "code") {
      var children = c.children.filter(function (k) { return concepts[k] && concepts[k].kind !== "code"; });
      if (children.length) {
        body.appendChild(heading("Subcategories"));
        var sub = el("ul", "links");
        children.forEach(function (k) { var li = el("li"); li.appendChild(conceptButton(k)); sub.appendChild(li); });
        body.appendChild(sub);
      }
      body.appendChild(heading("Codes (" + c.codes.length + ")"));
      var codes = el("ul", "links");
      c.codes.forEach(function (k) {
        var li = el("li");
        li.appendChild(conceptButton(k));
        li.appendChild(el("span", "count", " " + plural(concepts[k].grounding[0], "segment", "segments")));
        codes.appendChild(li);
      });
      if (!c.codes.length) { codes.appendChild(el("li", "empty", "No codes yet.")); }
      body.appendChild(codes);
    }

    var segs = segmentsOf(c);
    body.appendChild(heading(settings.quotes ? "Quotes (" + segs.numbers.length + ")" :
      "Segments (" + segs.numbers.length + ", quotes left out)"));
    if (segs.numbers.length) {
      body.appendChild(quoteList(segs.numbers, c.kind === "code" ? null : segs.codes,
        "Quotes grounding " + c.name));
    } else {
      body.appendChild(el("p", "empty", "No segment is coded with it yet."));
    }

    if (settings.memos) {
      body.appendChild(heading("Memos (" + c.memos.length + ")"));
      if (!c.memos.length) { body.appendChild(el("p", "empty", "No memo is about it.")); }
      c.memos.forEach(function (m) { body.appendChild(memo(data.memos[m])); });
    }

    body.appendChild(heading("Relationships (" + c.relationships.length + ")"));
    if (!c.relationships.length) { body.appendChild(el("p", "empty", "No relationship yet.")); }
    c.relationships.forEach(function (r) { body.appendChild(relationship(data.relationships[r])); });
  }

  function memo(m) {
    var box = el("article", "memo");
    box.appendChild(el("h4", null, m.title));
    box.appendChild(el("p", "memo-text", m.text));
    var by = [m.author, m.created ? m.created.slice(0, 10) : null].filter(Boolean);
    if (by.length) { box.appendChild(el("p", "who", by.join(", "))); }
    return box;
  }

  function relationship(r) {
    var box = el("article", "relationship");
    var line = el("h4");
    line.appendChild(conceptButton(r.source));
    line.appendChild(el("span", "rel-type", " " + r.type + " "));
    line.appendChild(conceptButton(r.target));
    box.appendChild(line);
    box.appendChild(el("p", "grounding",
      "Evidence: " + plural(r.evidence.length, "segment", "segments") +
      (r.counter.length ? "; counter-evidence: " + plural(r.counter.length, "segment", "segments") : "") + "."));
    if (r.evidence.length) { box.appendChild(quoteList(r.evidence, null, "Evidence")); }
    if (r.counter.length) {
      box.appendChild(el("p", "counter-label", "Counter-evidence"));
      box.appendChild(quoteList(r.counter, null, "Counter-evidence"));
    }
    if (r.memo) { box.appendChild(el("p", "memo-text", r.memo)); }
    (r.memos || []).forEach(function (m) { if (data.memos[m]) { box.appendChild(memo(data.memos[m])); } });
    return box;
  }

  function mark(id) {
    document.querySelectorAll(".gt-concept.open").forEach(function (n) { n.classList.remove("open"); });
    if (id) {
      document.querySelectorAll(".gt-concept").forEach(function (n) {
        if (n.getAttribute("data-concept") === id) { n.classList.add("open"); }
      });
    }
  }

  function open(id, from) {
    if (!concepts[id]) { return; }
    if (from) { opener = from; }
    current = id;
    render(id);
    panel.hidden = false;
    document.body.classList.add("panel-open");
    mark(id);
    var wanted = "#concept=" + encodeURIComponent(id);
    if (location.hash !== wanted) { setHash(wanted); }
    document.getElementById("panel-title").focus();
  }

  /* Name the open concept in the URL, so that a link can point at it. */
  function setHash(hash) {
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      location.hash = hash;
    }
  }

  function close() {
    panel.hidden = true;
    current = null;
    document.body.classList.remove("panel-open");
    mark(null);
    if (location.hash.indexOf("#concept=") === 0) { setHash(""); }
    if (opener && document.contains(opener)) { opener.focus(); }
  }

  function fromHash() {
    var match = /^#concept=(.+)$/.exec(location.hash);
    if (!match) { return; }
    var id;
    try { id = decodeURIComponent(match[1]); } catch (e) { return; }
    if (id !== current) { open(id, null); }
  }

  document.getElementById("panel-close").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { close(); }
  });

  document.querySelectorAll("svg .gt-concept").forEach(function (node) {
    var id = node.getAttribute("data-concept");
    var c = concepts[id];
    if (!c) { return; }
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "button");
    node.setAttribute("aria-label", c.name + ", " + (KINDS[c.kind] || c.kind).toLowerCase() + ": open its panel");
    node.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      open(id, node);
    });
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(id, node);
      }
    });
  });
  document.querySelectorAll("button.concept-link[data-concept]").forEach(function (button) {
    button.addEventListener("click", function () { open(button.getAttribute("data-concept"), button); });
  });

  /* The level switch. */
  document.querySelectorAll("input[name=level]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      document.querySelectorAll("figure.diagram").forEach(function (figure) {
        figure.hidden = figure.getAttribute("data-level") !== radio.value;
      });
    });
  });

  /* The codebook filter. */
  var filter = document.getElementById("codebook-filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.codebook tbody tr"));
  var count = document.getElementById("codebook-count");
  filter.addEventListener("input", function () {
    var words = filter.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = words.length ? shown + " of " + rows.length + " codes match" :
      rows.length + " codes";
  });

  /* The printed digest: every category with its codes and first quotes. */
  var digest = document.getElementById("digest-body");
  Object.keys(concepts).forEach(function (id) {
    var c = concepts[id];
    if (c.kind === "code") { return; }
    var box = el("article", "digest-item");
    box.appendChild(el("h3", null, c.name + " (" + (KINDS[c.kind] || c.kind).toLowerCase() + ")"));
    if (c.definition) { box.appendChild(el("p", null, c.definition)); }
    box.appendChild(el("p", "grounding", plural(c.codes.length, "code", "codes") + ": " +
      c.codes.map(nameOf).join("; ")));
    if (settings.quotes) {
      var segs = firstSegments(c, 3);
      var list = el("ul", "quote-list");
      segs.forEach(function (n) { list.appendChild(quoteItem(n, null)); });
      box.appendChild(list);
    }
    digest.appendChild(box);
  });

  window.addEventListener("hashchange", fromHash);
  fromHash();
}());
