/* councilgraph network page: draws the network, builds tooltips, search, filters and highlighting.
   Every string from the data is put on screen with textContent (or drawn on the canvas as text). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var DIM_NODE = { background: "#e8e8e8", border: "#d0d0d0" };
  var DIM_FONT = "rgba(0,0,0,0.18)";

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

  var original = {};          // node id -> {color, font color}
  var nodeItems = data.nodes.map(function (n) {
    var item = Object.assign({}, n);
    item.title = tooltip(n.cg.tip);
    original[n.id] = { color: n.color, font: (n.font && n.font.color) || undefined };
    return item;
  });
  var edgeOriginal = {};
  var edgeItems = data.edges.map(function (e) {
    var item = Object.assign({}, e);
    item.title = tooltip(e.cg.tip);
    edgeOriginal[e.id] = { color: e.color, width: e.width };
    return item;
  });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("cg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var state = { types: {}, network: "", programme: "", tier: "", selected: null };
  data.nodes.forEach(function (n) { state.types[n.cg.type] = true; });

  function passes(n) {
    var cg = n.cg;
    if (!state.types[cg.type]) { return false; }
    if (state.network && cg.networks.indexOf(state.network) < 0) { return false; }
    if (state.programme && cg.programmes.indexOf(state.programme) < 0) { return false; }
    if (state.tier && cg.tiers.indexOf(state.tier) < 0) { return false; }
    return true;
  }

  function visibleSets() {
    var shownNodes = {}, shownEdges = {};
    data.nodes.forEach(function (n) { if (passes(n)) { shownNodes[n.id] = true; } });
    data.edges.forEach(function (e) { if (shownNodes[e.from] && shownNodes[e.to]) { shownEdges[e.id] = true; } });
    return { nodes: shownNodes, edges: shownEdges };
  }

  function neighbourhood(id) {
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { near[other] = true; });
    return near;
  }

  function redraw() {
    var shown = visibleSets();
    var near = state.selected ? neighbourhood(state.selected) : null;
    var connected = {};
    if (state.selected) { network.getConnectedEdges(state.selected).forEach(function (e) { connected[e] = true; }); }
    nodes.update(data.nodes.map(function (n) {
      var dim = near && !near[n.id];
      return { id: n.id, hidden: !shown.nodes[n.id], color: dim ? DIM_NODE : original[n.id].color,
               font: { color: dim ? DIM_FONT : original[n.id].font || "#1b1b1b" } };
    }));
    edges.update(data.edges.map(function (e) {
      var base = edgeOriginal[e.id];
      var color = Object.assign({}, base.color);
      if (near) { color.opacity = connected[e.id] ? 1 : 0.08; }
      return { id: e.id, hidden: !shown.edges[e.id], color: color,
               width: near && connected[e.id] ? base.width + 1 : base.width };
    }));
    var rows = document.querySelectorAll("#cg-node-table tbody tr");
    var count = 0;
    rows.forEach(function (row) { row.hidden = !shown.nodes[row.getAttribute("data-node")]; if (!row.hidden) { count++; } });
    document.querySelector("#cg-node-table .cg-table-count").textContent = String(count);
    var edgeCount = 0;
    document.querySelectorAll("#cg-edge-table tbody tr").forEach(function (row) {
      row.hidden = !shown.edges[row.getAttribute("data-edge")];
      if (!row.hidden) { edgeCount++; }
    });
    document.querySelector("#cg-edge-table .cg-table-count").textContent = String(edgeCount);
    document.getElementById("cg-visible").textContent = count + " of " + data.nodes.length + " nodes and " +
      edgeCount + " of " + data.edges.length + " edges";
    document.getElementById("cg-filter-text").textContent = describeFilters();
    document.body.setAttribute("data-visible-nodes", String(count));
    document.body.setAttribute("data-visible-edges", String(edgeCount));
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

  function select(id) {
    state.selected = id;
    if (id) { network.selectNodes([id]); } else { network.unselectAll(); }
    redraw();
  }

  network.on("click", function (params) {
    select(params.nodes.length ? params.nodes[0] : null);
  });

  function normalise(text) {   // as graph.councils.normalise_name: '&' reads 'and', case and spacing ignored
    return text.replace(/&/g, " and ").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function find(query) {
    var key = normalise(query);
    if (!key) { return null; }
    if (data.index[key]) { return data.index[key][0]; }
    var keys = Object.keys(data.index).sort();
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].indexOf(key) === 0) { return data.index[keys[i]][0]; }
    }
    for (var j = 0; j < keys.length; j++) {
      if (keys[j].indexOf(key) >= 0) { return data.index[keys[j]][0]; }
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
    var node = nodes.get(id);
    if (node.hidden) {
      resetFilters();
    }
    select(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    result.textContent = "Found: " + node.cg.tip.title + (node.hidden ? " (the filters were cleared to show it)" : "");
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
    box.addEventListener("change", function () { state.types[box.value] = box.checked; redraw(); });
  });
  ["network", "programme", "tier"].forEach(function (name) {
    document.getElementById("cg-filter-" + name).addEventListener("change", function (event) {
      state[name] = event.target.value;
      redraw();
    });
  });
  document.getElementById("cg-reset").addEventListener("click", function () {
    resetFilters();
    select(null);
    network.fit({ animation: false });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { select(null); }
  });

  var physicsBox = document.getElementById("cg-physics");
  if (physicsBox) {
    physicsBox.addEventListener("change", function () {
      network.setOptions({ physics: { enabled: physicsBox.checked } });
    });
  }

  network.fit({ animation: false });
  redraw();
  document.body.setAttribute("data-ready", "true");
  window.councilgraph = { network: network, nodes: nodes, edges: edges, find: find, select: select };
})();
