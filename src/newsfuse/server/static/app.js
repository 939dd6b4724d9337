// newsfuse pages: highlight the cited span (#span-START-END), toggle layers, filter conflicts.
// No inline scripts: this file is loaded with `defer` and only adds behaviour to server-rendered HTML.
(function () {
  "use strict";

  // Wrap the part [start, end) of the article text in the given class, splitting segments as needed.
  function highlightRange(container, start, end) {
    var first = null;
    container.querySelectorAll(".target").forEach(function (el) { el.classList.remove("target"); });
    var segments = container.querySelectorAll("[data-o]");
    segments.forEach(function (seg) {
      var s = parseInt(seg.getAttribute("data-o"), 10);
      var e = s + seg.textContent.length;
      if (e <= start || s >= end) { return; }
      var node = seg.firstChild;
      if (!node) { return; }
      if (seg.childNodes.length !== 1 || node.nodeType !== Node.TEXT_NODE) {
        // Split by an earlier highlight: mark the whole segment rather than split it again.
        seg.classList.add("target");
        if (!first) { first = seg; }
        return;
      }
      var from = Math.max(start, s) - s;
      var to = Math.min(end, e) - s;
      var target = seg;
      if (from > 0 || to < seg.textContent.length) {
        // Split the text node and wrap only the covered part in a new element.
        var middle = node.splitText(from);
        middle.splitText(to - from);
        target = document.createElement("span");
        middle.parentNode.replaceChild(target, middle);
        target.appendChild(middle);
      }
      target.classList.add("target");
      if (!first) { first = target; }
    });
    return first;
  }

  function onHash() {
    var text = document.getElementById("article-text");
    if (!text) { return; }
    var m = /^#span-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!m) { return; }
    var first = highlightRange(text, parseInt(m[1], 10), parseInt(m[2], 10));
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function setupLegend() {
    var legend = document.getElementById("legend");
    if (!legend) { return; }
    legend.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    });
  }

  function setupConflictFilter() {
    var box = document.getElementById("only-conflicts");
    var table = document.querySelector("table.facts");
    if (!box || !table) { return; }
    box.addEventListener("change", function () { table.classList.toggle("only-conflicts", box.checked); });
  }

  // ------------------------------------------------------------------ maps (Leaflet, offline basemap)
  //
  // Every text from an article (titles, entity names, places) reaches the page through textContent or
  // as a DOM node: never as an HTML string (Leaflet would set a string popup or icon with innerHTML).

  var basemap = null;  // a promise of [countries, states] GeoJSON, loaded once per page

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function loadBasemap() {
    if (!basemap) {
      basemap = Promise.all([getJSON("/static/basemap/countries-50m.json"),
                             getJSON("/static/basemap/us-states-10m.json")]).then(function (topo) {
        return [window.topojson.feature(topo[0], topo[0].objects.countries),
                window.topojson.feature(topo[1], topo[1].objects.states)];
      });
    }
    return basemap;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // A link only to a path of this site (the server builds these; anything else is shown as text).
  function localLink(href, text, className) {
    if (typeof href === "string" && /^\/(?!\/)/.test(href)) {
      var a = el("a", className, text);
      a.setAttribute("href", href);
      return a;
    }
    return el("span", className, text);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // A marker: a dot and a label, built as DOM nodes (the label's text set with textContent).
  function labelIcon(L) {
    return L.DivIcon.extend({
      options: { html: false, iconSize: null, iconAnchor: [7, 7], className: "nf-marker", label: "", role: "" },
      createIcon: function (old) {
        var div = L.DivIcon.prototype.createIcon.call(this, old);
        while (div.firstChild) { div.removeChild(div.firstChild); }
        div.classList.add("role-" + (this.options.role || "entity"));
        div.setAttribute("data-priority", String(this.options.priority || 0));
        div.appendChild(el("span", "nf-dot"));
        div.appendChild(el("span", "nf-label", this.options.label));
        return div;
      }
    });
  }

  function popupFor(p) {
    var box = el("div", "nf-popup");
    if (p.story_id) {  // a story on the story list's map
      box.appendChild(localLink(p.html_url, p.title, "nf-popup-title"));
      var meta = [];
      if (p.place) { meta.push(p.place); }
      if (p.date) { meta.push(p.date); }
      meta.push(plural(p.articles || 0, "article", "articles"));
      if (p.conflicts) { meta.push(plural(p.conflicts, "conflict", "conflicts")); }
      box.appendChild(el("div", "nf-popup-meta", meta.join(" · ")));
    } else {  // a place or entity of a story
      box.appendChild(localLink(p.html_url, p.name, "nf-popup-title"));
      box.appendChild(el("div", "nf-popup-meta", (p.role === "place" ? "where it happened · " : "") + (p.type || "") +
        (p.mentions ? " · " + plural(p.mentions, "mention", "mentions") : "")));
    }
    return box;
  }

  // Hide the labels that would overlap one shown before them (the story's place and the most-mentioned
  // first); a hidden label shows on hover. Clustering keeps markers apart; this keeps their labels apart.
  function overlaps(a, b) {
    return a.left < b.right + 2 && a.right > b.left - 2 && a.top < b.bottom + 1 && a.bottom > b.top - 1;
  }

  function declutter(container) {
    var icons = Array.prototype.slice.call(container.querySelectorAll(".nf-marker"));
    icons.sort(function (a, b) {
      return Number(b.getAttribute("data-priority")) - Number(a.getAttribute("data-priority"));
    });
    // Every marker's dot and every group's bubble stays visible: a label may cover none of them.
    var dots = Array.prototype.slice.call(container.querySelectorAll(".nf-marker .nf-dot, .marker-cluster"))
      .map(function (d) { return { node: d, box: d.getBoundingClientRect() }; });
    var shown = [];
    icons.forEach(function (icon) {
      var label = icon.querySelector(".nf-label");
      if (!label) { return; }
      icon.classList.remove("label-hidden");
      var box = label.getBoundingClientRect();
      var own = icon.querySelector(".nf-dot");
      var clash = shown.some(function (o) { return overlaps(box, o); }) ||
        dots.some(function (d) { return d.node !== own && overlaps(box, d.box); });
      if (clash) { icon.classList.add("label-hidden"); } else { shown.push(box); }
    });
  }

  var maps = {};

  function setupMap(container) {
    var L = window.L;
    if (!L || !L.markerClusterGroup || !window.topojson) {
      container.setAttribute("data-state", "error");
      container.appendChild(el("p", "empty", "The map library did not load."));
      return;
    }
    // The wheel zooms the map only once the map was clicked (scrolling the page past it does not zoom it).
    var map = L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 11, zoomSnap: 0.5,
                                 attributionControl: true, scrollWheelZoom: false });
    map.once("click focus", function () { map.scrollWheelZoom.enable(); });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth · US Census Bureau");
    map.setView([25, 10], 1.5);
    var canvas = L.canvas({ padding: 0.2 });
    var Icon = labelIcon(L);
    var cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false,
                                         spiderfyOnMaxZoom: true, zoomToBoundsOnClick: true });
    map.addLayer(cluster);
    var tidy = function () { declutter(container); };
    map.on("zoomend moveend", tidy);
    cluster.on("animationend spiderfied unspiderfied", tidy);

    loadBasemap().then(function (layers) {
      L.geoJSON(layers[0], { renderer: canvas, interactive: false,
        style: { color: "#b8ae93", weight: 0.7, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(map).bringToBack();
      L.geoJSON(layers[1], { renderer: canvas, interactive: false,
        style: { color: "#cfc6ad", weight: 0.5, fill: false } }).addTo(map);
      container.setAttribute("data-basemap", String(layers[0].features.length + layers[1].features.length));
    }).catch(function (err) {
      container.setAttribute("data-basemap", "error");
      if (window.console) { window.console.error(err); }
    });

    // "ready" once the view and the clusters' animation have settled (what tests and screenshots wait for).
    var settleTimer = null;
    function settled() {
      if (settleTimer) { window.clearTimeout(settleTimer); }
      settleTimer = window.setTimeout(function () {
        tidy();
        container.setAttribute("data-state", "ready");
      }, 400);
    }

    function draw(data, fit) {
      container.setAttribute("data-state", "drawing");
      cluster.clearLayers();
      var markers = [];
      (data.features || []).forEach(function (f) {
        if (!f || !f.geometry || f.geometry.type !== "Point") { return; }
        var c = f.geometry.coordinates, p = f.properties || {};
        var lat = Number(c[1]), lon = Number(c[0]);
        if (!isFinite(lat) || !isFinite(lon)) { return; }
        var role = p.story_id ? "story" : (p.role || "entity");
        var label = p.story_id ? (p.place ? p.place + ": " : "") + p.title : p.name;
        if (label && label.length > 48) { label = label.slice(0, 46) + "…"; }
        var priority = role === "place" ? 1e6 : (p.articles || p.mentions || 0);
        var marker = L.marker([lat, lon], { icon: new Icon({ label: label, role: role, priority: priority }),
                                            title: p.story_id ? p.title : p.name, riseOnHover: true });
        marker.bindPopup(function () { return popupFor(p); });
        markers.push(marker);
      });
      cluster.addLayers(markers);
      if (fit && markers.length) {
        // A story's map opens on its place and what lies near it (within 2,000 km); the far-away places
        // (a capital that made a statement) are a zoom out away. Other maps open on all their markers.
        var place = markers.filter(function (m) { return m.options.icon.options.role === "place"; })[0];
        var shown = markers;
        if (place) {
          shown = markers.filter(function (m) { return m.getLatLng().distanceTo(place.getLatLng()) < 2e6; });
        }
        var bounds = L.latLngBounds(shown.map(function (m) { return m.getLatLng(); }));
        map.once("moveend", settled);
        map.fitBounds(bounds.pad(0.3), { maxZoom: shown.length === 1 ? 5 : 7 });
      }
      window.setTimeout(settled, 1500);  // in case the view did not move
      container.setAttribute("data-markers", String(markers.length));
      var note = document.querySelector('.map-note[data-for="' + container.id + '"]');
      if (note && typeof data.total === "number") {
        note.textContent = plural(data.located, "story", "stories") + " of " + data.total +
          " with a located place, one marker each; numbers are groups of nearby stories (zoom in to split them).";
      }
    }

    function reload(fit) {
      return getJSON(container.getAttribute("data-geojson")).then(function (data) { draw(data, fit); })
        .catch(function (err) {
          container.setAttribute("data-state", "error");
          if (window.console) { window.console.error(err); }
        });
    }
    maps[container.id] = { map: map, reload: reload };
    reload(true);
  }

  function setupMaps() {
    document.querySelectorAll(".map-canvas[data-geojson]").forEach(setupMap);
  }

  // ------------------------------------------------------------------ the story list, live
  //
  // Polls /api/stories/version (two counts, no story read) every few seconds; when it changes, reads
  // this page's JSON twin and redraws the list (new stories marked), and reloads the map.

  var POLL_MS = 4000;

  function cardNode(c, threadLinks, isNew) {
    var li = el("li", "story-card" + (isNew ? " new" : ""));
    li.setAttribute("data-id", c.id);
    var h = el("h2");
    h.appendChild(localLink(c.html_url, c.title));
    li.appendChild(h);
    var meta = plural(c.article_count, "article", "articles");
    if (c.sources && c.sources.length) { meta += " · " + c.sources.join(", "); }
    if (c.first_published) {
      meta += " · " + c.first_published;
      if (c.last_published && c.last_published !== c.first_published) { meta += " – " + c.last_published; }
    }
    var p = el("p", "meta", meta);
    if (c.place) { p.appendChild(document.createTextNode(" · ")); p.appendChild(el("span", "place", c.place)); }
    li.appendChild(p);
    if (c.lead) { li.appendChild(el("p", "lead", c.lead)); }
    var badges = el("p", "badges");
    if (isNew) { badges.appendChild(el("span", "badge new", "new")); }
    if (c.counts.conflicts) {
      badges.appendChild(el("span", "badge conflict", plural(c.counts.conflicts, "conflict", "conflicts")));
    }
    badges.appendChild(el("span", "badge", c.counts.facts + " facts"));
    badges.appendChild(el("span", "badge", c.counts.events + " events"));
    badges.appendChild(el("span", "badge", c.counts.entities + " entities"));
    if (threadLinks && c.thread_stories > 1) {
      badges.appendChild(localLink("/?thread=" + encodeURIComponent(c.thread_id),
                                   "thread of " + c.thread_stories + " stories", "badge thread"));
    }
    li.appendChild(badges);
    return li;
  }

  function setupLiveList() {
    var list = document.getElementById("story-list");
    if (!list || !window.fetch) { return; }
    var version = list.getAttribute("data-version");
    var status = document.getElementById("live-status");
    var busy = false;

    function refresh(newVersion) {
      return getJSON(list.getAttribute("data-api")).then(function (page) {
        var known = {};
        list.querySelectorAll("li.story-card").forEach(function (li) { known[li.getAttribute("data-id")] = true; });
        var fresh = 0;
        var nodes = page.items.map(function (c) {
          var isNew = !known[c.id];
          if (isNew) { fresh += 1; }
          return cardNode(c, list.getAttribute("data-thread-links") === "1", isNew);
        });
        while (list.firstChild) { list.removeChild(list.firstChild); }
        nodes.forEach(function (n) { list.appendChild(n); });
        var empty = document.getElementById("empty-list");
        if (empty) { empty.hidden = nodes.length > 0; }
        var count = document.getElementById("result-count");
        if (count) {
          count.textContent = plural(page.total, "story", "stories") + (page.pages > 1 ? " · page " + page.page +
            " of " + page.pages : "");
        }
        version = newVersion;
        list.setAttribute("data-version", newVersion);
        if (status) {
          status.hidden = false;
          status.textContent = (fresh ? plural(fresh, "new story", "new stories") + " on this page" :
            "Stories updated") + " at " + new Date().toLocaleTimeString() + ", without reloading.";
        }
        Object.keys(maps).forEach(function (id) { maps[id].reload(false); });
      });
    }

    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      getJSON(list.getAttribute("data-version-url")).then(function (v) {
        if (v.version !== version) { return refresh(v.version); }
        return null;
      }).catch(function () { /* the server may be restarting: try again at the next tick */ })
        .then(function () { busy = false; });
    }
    window.setInterval(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupLegend();
    setupConflictFilter();
    onHash();
    setupMaps();
    setupLiveList();
  });
  window.addEventListener("hashchange", onHash);
}());
