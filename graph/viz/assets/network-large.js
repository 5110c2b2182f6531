/* councilgraph network page, for large views (graph.viz.largelayout.is_large): the same search, filters,
   highlighting, tooltips and tables as network.js, doing only the work a reader asks for. What it skips at
   opening: the tooltips are built when an item is first hovered, from its part of the data; the tables show a
   page of rows at a time, built from their part of the data; the search index is read at the first search.
   Those parts are JSON in script elements of CHUNK items each, parsed when first needed (graph/viz/render.py
   says what is where). Every update of vis-network's data costs a pass over the whole network (about two seconds
   at 47,000 nodes, in headless Chromium), so a filter makes one, of the nodes whose visibility changes, and a click makes none: it
   selects the node, which vis-network draws with its edges highlighted, without dimming the rest.
   Every string from the data is put on screen with textContent (or drawn on the canvas as text). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var CHUNK = data.chunk;
  var ROWS_PER_PAGE = data.rowsPerPage;
  var parsed = {};

  function part(kind, i) {          // item i of a chunked part of the data: tips or table rows
    var key = kind + "-" + Math.floor(i / CHUNK);
    if (!parsed[key]) { parsed[key] = JSON.parse(document.getElementById("cg-" + key).textContent); }
    return parsed[key][i % CHUNK];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function tooltip(tip) {
    var box = el("div", "cg-tip");
    box.appendChild(el("div", "cg-tip-title", tip.title));
    var list = el("dl");
    tip.lines.forEach(function (line) {
      list.appendChild(el("dt", null, line[0]));
      list.appendChild(el("dd", null, line[1]));
    });
    box.appendChild(list);
    tip.evidence.forEach(function (ev) {
      var quote = el("blockquote");
      quote.appendChild(el("q", null, ev.quote));
      quote.appendChild(el("span", "cg-id", " [" + ev.source + "]"));
      box.appendChild(quote);
    });
    if (tip.more > 0) {
      box.appendChild(el("div", "cg-note", "and " + tip.more + " more quote" + (tip.more === 1 ? "" : "s") +
                                            " (see the table below)"));
    }
    return box;
  }

  var nodeAt = {};                  // node id -> its place in data.nodes; an edge's id is its place in data.edges
  var nodes = new vis.DataSet(data.nodes.map(function (n, i) {
    nodeAt[n.id] = i;
    return Object.assign({ id: n.id, label: n.label, x: n.x, y: n.y, value: n.value }, data.nodeStyles[n.s]);
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return Object.assign({ id: i, from: data.nodes[e[0]].id, to: data.nodes[e[1]].id }, data.edgeStyles[e[2]]);
  }));
  var container = document.getElementById("cg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  function edgeTip(i) {             // an edge's tooltip: its lines, and the first quotes of its table row
    var tip = part("edge-tips", i), quotes = part("edge-rows", i)[5];
    return { title: tip.title, lines: tip.lines, more: Math.max(quotes.length - data.evidenceShown, 0),
             evidence: quotes.slice(0, data.evidenceShown).map(function (q) { return { quote: q[0], source: q[1] }; }) };
  }

  // the tooltip, made when the item is first hovered (before vis-network looks for it, tooltipDelay later) and
  // given to vis-network's own node or edge: through the DataSet it would cost a pass over the whole network
  function entitle(item, make) {    // (vis-network's node reads its tooltip from options.title, its edge from title)
    if (item && item.getTitle() === undefined) { item.options.title = item.title = tooltip(make()); }
  }
  network.on("hoverNode", function (params) {
    entitle(network.body.nodes[params.node], function () { return part("node-tips", nodeAt[params.node]); });
  });
  network.on("hoverEdge", function (params) {
    entitle(network.body.edges[params.edge], function () { return edgeTip(params.edge); });
  });

  var state = { types: {}, network: "", programme: "", tier: "", selected: null };
  data.nodes.forEach(function (n) { state.types[n.cg.type] = true; });
  var shownNode = data.nodes.map(function () { return true; });   // by place in data.nodes / data.edges
  var shownEdge = data.edges.map(function () { return true; });
  var shownCount = { nodes: data.nodes.length, edges: data.edges.length };

  function passes(n) {
    var cg = n.cg;
    if (!state.types[cg.type]) { return false; }
    if (state.network && cg.networks.indexOf(state.network) < 0) { return false; }
    if (state.programme && cg.programmes.indexOf(state.programme) < 0) { return false; }
    if (state.tier && cg.tiers.indexOf(state.tier) < 0) { return false; }
    return true;
  }

  function applyFilters() {         // hide and show only the nodes whose visibility changes (vis-network leaves
    var nodeChanges = [];           // out the edges of hidden nodes itself; each update of a DataSet costs a pass
                                    // over the whole network, so there is one)
    shownCount = { nodes: 0, edges: 0 };
    data.nodes.forEach(function (n, i) {
      var show = passes(n);
      if (show !== shownNode[i]) { nodeChanges.push({ id: n.id, hidden: !show }); shownNode[i] = show; }
      if (show) { shownCount.nodes++; }
    });
    data.edges.forEach(function (e, i) {
      var show = shownNode[e[0]] && shownNode[e[1]];
      shownEdge[i] = show;
      if (show) { shownCount.edges++; }
    });
    nodes.update(nodeChanges);
    tables.forEach(function (table) { table.filter(); });
    describe();
  }

  function describe() {
    document.getElementById("cg-visible").textContent = shownCount.nodes + " of " + data.nodes.length +
      " nodes and " + shownCount.edges + " of " + data.edges.length + " edges";
    document.getElementById("cg-filter-text").textContent = describeFilters();
    document.body.setAttribute("data-visible-nodes", String(shownCount.nodes));
    document.body.setAttribute("data-visible-edges", String(shownCount.edges));
  }

  function selectedText(id) {
    var select = document.getElementById(id);
    return select.options[select.selectedIndex].text;
  }

  function describeFilters() {
    var parts = [];
    var off = Object.keys(state.types).filter(function (t) { return !state.types[t]; }).sort();
    if (off.length) { parts.push("hiding " + off.map(function (t) { return data.typeLabels[t] || t; }).join(", ")); }
    if (state.network) { parts.push("network: " + selectedText("cg-filter-network")); }
    if (state.programme) { parts.push("programme: " + selectedText("cg-filter-programme")); }
    if (state.tier) { parts.push("tier: " + selectedText("cg-filter-tier")); }
    return parts.length ? parts.join("; ") : "none";
  }

  function select(id) {             // vis-network's own selection: the node, and its edges drawn dark and wide
    state.selected = id;
    if (id) { network.selectNodes([id]); } else { network.unselectAll(); }
  }

  network.on("click", function (params) {
    select(params.nodes.length ? params.nodes[0] : null);
  });

  var index = null;

  function normalise(text) {   // as graph.councils.normalise_name: '&' reads 'and', case and spacing ignored
    return text.replace(/&/g, " and ").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function find(query) {
    var key = normalise(query);
    if (!key) { return null; }
    if (!index) { index = JSON.parse(document.getElementById("cg-index").textContent); }
    if (index[key]) { return index[key][0]; }
    var keys = Object.keys(index).sort();
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].indexOf(key) === 0) { return index[keys[i]][0]; }
    }
    for (var j = 0; j < keys.length; j++) {
      if (keys[j].indexOf(key) >= 0) { return index[keys[j]][0]; }
    }
    return null;
  }

  document.getElementById("cg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("cg-search-input").value;
    var result = document.getElementById("cg-search-result");
    var id = find(query);
    if (!id) {
      result.textContent = "Nothing in this view is called \u201c" + query + "\u201d.";
      return;
    }
    var hidden = !shownNode[nodeAt[id]];
    if (hidden) {
      resetFilters();
      applyFilters();
    }
    select(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    result.textContent = "Found: " + part("node-tips", nodeAt[id]).title + (hidden ? " (the filters were cleared to show it)" : "");
    document.body.setAttribute("data-focused", id);
  });

  function resetFilters() {
    document.querySelectorAll("#cg-filter-types input").forEach(function (box) {
      box.checked = true;
      state.types[box.value] = true;
    });
    ["network", "programme", "tier"].forEach(function (name) {
      document.getElementById("cg-filter-" + name).value = "";
      state[name] = "";
    });
  }

  document.querySelectorAll("#cg-filter-types input").forEach(function (box) {
    box.addEventListener("change", function () { state.types[box.value] = box.checked; applyFilters(); });
  });
  ["network", "programme", "tier"].forEach(function (name) {
    document.getElementById("cg-filter-" + name).addEventListener("change", function (event) {
      state[name] = event.target.value;
      applyFilters();
    });
  });
  document.getElementById("cg-reset").addEventListener("click", function () {
    resetFilters();
    applyFilters();
    select(null);
    network.fit({ animation: false });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { select(null); }
  });

  function nodeCells(row) {         // [id, label, type, colour group, identifiers, aliases, sources]
    var tr = el("tr");
    tr.setAttribute("data-node", row[0]);
    tr.appendChild(el("th", null, row[1])).setAttribute("scope", "row");
    row.slice(2).forEach(function (cell) { tr.appendChild(el("td", null, cell)); });
    return tr;
  }

  function edgeCells(row) {         // [id, from, verb, to, details, [[quote, source], ...]]
    var tr = el("tr");
    tr.setAttribute("data-edge", row[0]);
    row.slice(1, 5).forEach(function (cell) { tr.appendChild(el("td", null, cell)); });
    var quotes = el("td");
    row[5].forEach(function (ev, i) {
      if (i) { quotes.appendChild(el("br")); }
      quotes.appendChild(el("q", null, ev[0]));
      quotes.appendChild(document.createTextNode(" "));
      quotes.appendChild(el("span", "cg-id", "[" + ev[1] + "]"));
    });
    tr.appendChild(quotes);
    return tr;
  }

  function Table(name, kind, order, shown, cells) {  // one table: a page of the rows of the items shown
    var table = document.getElementById("cg-" + name + "-table");
    var body = table.querySelector("tbody");
    var pager = document.getElementById("cg-" + name + "-pager");
    var rows = [], page = 0;
    function draw() {
      var pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
      page = Math.min(page, pages - 1);
      body.textContent = "";
      rows.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE).forEach(function (i) {
        body.appendChild(cells(part(kind, i)));
      });
      table.querySelector(".cg-table-count").textContent = String(rows.length);
      pager.querySelector(".cg-page").textContent = rows.length ?
        "rows " + (page * ROWS_PER_PAGE + 1) + "\u2013" + Math.min(rows.length, (page + 1) * ROWS_PER_PAGE) +
        " of " + rows.length + " (page " + (page + 1) + " of " + pages + ")" : "no rows";
      pager.querySelector(".cg-previous").disabled = page === 0;
      pager.querySelector(".cg-next").disabled = page >= pages - 1;
    }
    pager.querySelector(".cg-previous").addEventListener("click", function () { page--; draw(); });
    pager.querySelector(".cg-next").addEventListener("click", function () { page++; draw(); });
    return {
      filter: function () {
        rows = [];
        for (var i = 0; i < order.length; i++) { if (shown[order[i]]) { rows.push(order[i]); } }
        draw();
      }
    };
  }

  var tables = [
    Table("node", "node-rows", data.nodeRows, shownNode, nodeCells),
    Table("edge", "edge-rows", data.edgeRows, shownEdge, edgeCells)
  ];
  tables.forEach(function (table) { table.filter(); });

  network.fit({ animation: false });
  describe();
  document.body.setAttribute("data-ready", "true");
  window.councilgraph = { network: network, nodes: nodes, edges: edges, find: find, select: select };
})();
