// The map page: fills the Folium map's overlays from the GeoJSON endpoints (clustered), draws the
// timeline and runs the time slider, shows incident details and lets an analyst correct them.
// Every value from an article is put into the page with textContent, never as HTML.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const review = JSON.parse(document.getElementById("review-config").textContent);
  const map = window[config.map];
  // Without tiles folium sets no zoom limits; clustering needs a maximum zoom.
  map.setMinZoom(2);
  map.setMaxZoom(18);
  // On a phone the open layer list would cover popups: fold it behind Leaflet's layers button
  // (tap it to open the list, tap the map to close it).
  const NARROW = window.matchMedia("(max-width: 720px)").matches;  // app.css's phone layout
  const layerBox = document.querySelector(".leaflet-control-layers");
  if (layerBox && NARROW) {
    const toggle = layerBox.querySelector(".leaflet-control-layers-toggle");
    layerBox.classList.remove("leaflet-control-layers-expanded");
    toggle.setAttribute("aria-label", "Layers");  // (Leaflet opens the list when it is tapped)
    map.on("click", () => layerBox.classList.remove("leaflet-control-layers-expanded"));
  }

  // The phone layout's drawer (app.css): the sidebar slides over the full-screen map. It opens by
  // itself on an error (a notice is shown over the map instead).
  const sidebar = document.getElementById("sidebar");
  const drawerToggle = document.getElementById("drawer-toggle");
  function setDrawer(open) {
    sidebar.classList.toggle("open", open);
    drawerToggle.setAttribute("aria-expanded", String(open));
    if (open && NARROW) document.getElementById("drawer-close").focus();
  }
  drawerToggle.addEventListener("click", () => setDrawer(!sidebar.classList.contains("open")));
  document.getElementById("drawer-close").addEventListener("click", () => { setDrawer(false); drawerToggle.focus(); });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && sidebar.classList.contains("open")) setDrawer(false); });
  if (NARROW && sidebar.querySelector(":scope > .error")) setDrawer(true);

  const PRECISION = { 1: "exact place", 2: "near the place", 3: "region or country" };
  const DATE_PRECISION = { 1: "day", 2: "week", 3: "month", 4: "year" };
  const FLAG_NAMES = { fatalities: "the number killed", injured: "the number injured", date: "the date", place: "the place" };
  const SHAPE_PATHS = {  // 20x20 viewBox
    circle: "M10 2a8 8 0 1 0 0.01 0z",
    triangle: "M10 1.5 L18.5 17.5 L1.5 17.5 Z",
    diamond: "M10 1 L19 10 L10 19 L1 10 Z",
    square: "M3 3 H17 V17 H3 Z",
    star: "M10 1 L12.6 7.2 L19 7.6 L14 11.8 L15.6 18.5 L10 14.8 L4.4 18.5 L6 11.8 L1 7.6 L7.4 7.2 Z",
    cross: "M7 1 H13 V7 H19 V13 H13 V19 H7 V13 H1 V7 H7 Z",
  };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function row(dl, label, value) {
    if (value === undefined || value === null || value === "") return;
    dl.append(el("dt", label), el("dd", value));
  }

  // ---- markers --------------------------------------------------------------------------------

  function shapeOf(subType) {
    const shape = config.shapes[subType];
    return SHAPE_PATHS[shape] ? shape : "circle";
  }

  function svgIcon(shape, color, size, dashed) {
    // Only whitelisted shapes, colours from our config and numbers go into this markup.
    const dash = dashed ? ' stroke-dasharray="2 2"' : "";
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + size + '" height="' + size + '" viewBox="0 0 20 20">' +
      '<path d="' + SHAPE_PATHS[shape] + '" fill="' + color + '" fill-opacity="0.9" stroke="#1d2733" stroke-width="1.3"' + dash + "/></svg>";
  }

  function marker(feature, latlng, layer) {
    const p = feature.properties;
    const killed = Number(p.fatalities) || 0;
    const size = Math.round(16 + Math.min(14, 3 * Math.sqrt(killed)));
    const icon = L.divIcon({
      html: svgIcon(shapeOf(p.sub_type), layer.color, size, p.geo_precision === 3),
      className: "incident-marker incident-" + layer.name,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2],
    });
    const m = L.marker(latlng, { icon: icon, title: [p.category, p.sub_type, p.date].filter(Boolean).join(" · "), keyboard: true });
    m.incidentId = p.id;
    m.layerName = layer.name;
    // On a phone, kept clear of the layers button so that the popup's close button shows.
    m.bindPopup("", { maxWidth: 360, minWidth: 260, autoPanPaddingTopLeft: NARROW ? [10, 70] : [5, 5] });
    // A fresh box each time the popup opens (its content is an element, so update() keeps it).
    m.on("popupopen", () => m.setPopupContent(detailBox(p.id, m)));
    return m;
  }

  // A cluster's disc shows how many incidents it holds, coloured by their categories (a pie).
  function clusterIcon(cluster) {
    const counts = {};
    for (const m of cluster.getAllChildMarkers()) counts[m.layerName] = (counts[m.layerName] || 0) + 1;
    return discIcon(cluster.getChildCount(), counts);
  }

  // n incidents, counts: layer name -> how many of them
  function discIcon(n, counts) {
    const size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
    let from = 0;
    const slices = [];
    for (const layer of layers) {
      if (!counts[layer.name]) continue;
      const to = from + (100 * counts[layer.name]) / n;
      slices.push(layer.color + " " + from.toFixed(1) + "% " + to.toFixed(1) + "%");
      from = to;
    }
    const disc = el("div", n.toLocaleString(), "cluster-disc");
    disc.style.background = slices.length === 1 ? slices[0].split(" ")[0] : "conic-gradient(" + slices.join(", ") + ")";
    disc.title = layers.filter((l) => counts[l.name]).map((l) => counts[l.name] + " " + l.name).join(", ");
    return L.divIcon({ html: disc, className: "incident-cluster", iconSize: [size, size] });
  }

  // ---- incident details and review -------------------------------------------------------------

  function highlighted(sentence, marks) {
    const box = el("blockquote", null, "sentence");
    let at = 0;
    const sorted = (marks || []).slice().sort((a, b) => a.start - b.start);
    for (const mk of sorted) {
      if (mk.start < at || mk.end > sentence.length || mk.start >= mk.end) continue;
      if (mk.start > at) box.append(document.createTextNode(sentence.slice(at, mk.start)));
      const mark = el("mark", sentence.slice(mk.start, mk.end), "ev-" + mk.field);
      mark.title = mk.field;
      box.append(mark);
      at = mk.end;
    }
    box.append(document.createTextNode(sentence.slice(at)));
    return box;
  }

  async function api(method, url, body) {
    const response = await fetch(url, {
      method: method,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
    return data;
  }

  const incidentUrl = (id) => review.incident.replace(/0$/, String(id));
  const articleUrl = (id) => review.article.replace(/0$/, String(id));

  function detailBox(id, leafletMarker) {
    const box = el("div", "Loading…", "incident-popup");
    api("GET", incidentUrl(id))
      .then((p) => { box.textContent = ""; fillDetail(box, p, leafletMarker); relayout(leafletMarker); })
      .catch((err) => { box.textContent = "Could not load incident " + id + ": " + err.message; });
    return box;
  }

  function relayout(leafletMarker) {
    // Content filled in after the popup opened: let Leaflet re-measure it and pan it into view.
    const popup = leafletMarker.getPopup();
    if (popup && popup.isOpen()) { popup.update(); popup._adjustPan && popup._adjustPan(); }
  }

  function fillDetail(box, p, leafletMarker) {
    box.dataset.incident = String(p.id);
    box.append(el("h3", [p.category, p.sub_type].filter(Boolean).join(" · ")));
    if (p.status === "rejected") box.append(el("p", "Rejected by an analyst", "badge rejected"));
    else if (p.reviewed) box.append(el("p", "Reviewed", "badge reviewed"));
    const dl = el("dl");
    if (p.date) row(dl, "When", p.date + (p.date_precision > 1 ? " (" + DATE_PRECISION[p.date_precision] + ")" : ""));
    const where = p.place === p.place_resolved || !p.place ? p.place_resolved : p.place + " → " + p.place_resolved;
    row(dl, "Where", where + (p.country ? " (" + p.country + ")" : "") + " · " + (PRECISION[p.geo_precision] || ""));
    if (p.actor1 || p.actor2) row(dl, "Who", (p.actor1 || "unnamed") + " → " + (p.actor2 || "unnamed"));
    row(dl, "Killed", p.fatalities);
    row(dl, "Injured", p.injured);
    row(dl, "Confidence", p.confidence);
    if (p.sources > 1) row(dl, "Sources", p.sources + " articles");
    box.append(dl);
    // Values the reading found implausible: shown, so that nobody takes them for facts unchecked.
    const flags = Object.entries(p.flags || {});
    if (flags.length) {
      const list = el("ul", null, "flags");
      for (const [field, why] of flags) list.append(el("li", "Check " + (FLAG_NAMES[field] || field) + ": " + why));
      box.append(list);
    }
    if (p.evidence_sentence) box.append(highlighted(p.evidence_sentence, p.sentence_marks));
    // where it was read: the report's title, who published it and when
    const from = [p.source_title, p.outlet, p.source_published && "published " + p.source_published].filter(Boolean);
    if (from.length) box.append(el("p", "From: " + from.join(" · "), "source"));
    const links = el("div", null, "links");
    const art = el("a", "Article #" + p.article_id + " with its places marked");
    art.href = articleUrl(p.article_id);
    links.append(art);
    if (p.source_url && /^https?:\/\//i.test(p.source_url)) {
      const a = el("a", "Source" + (p.outlet ? " (" + p.outlet + ")" : ""));
      a.href = p.source_url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      links.append(" · ", a);
    }
    box.append(links);
    const actions = el("div", null, "actions");
    const edit = el("button", "Correct", "secondary");
    edit.type = "button";
    edit.addEventListener("click", (event) => {
      // The button leaves the DOM: keep Leaflet from taking the click for a click on the map.
      event.stopPropagation();
      actions.replaceWith(editForm(p, leafletMarker));
      relayout(leafletMarker);
    });
    const reject = el("button", p.status === "rejected" ? "Restore" : "Reject", "secondary danger");
    reject.type = "button";
    reject.addEventListener("click", () => save(p.id, { status: p.status === "rejected" ? "active" : "rejected" }, actions));
    actions.append(edit, reject);
    if (p.corrections && p.corrections.length) {
      const undo = el("button", "Undo last change", "secondary");
      undo.type = "button";
      undo.addEventListener("click", () => save(p.id, null, actions));
      actions.append(undo);
    }
    box.append(actions);
    if (p.corrections && p.corrections.length) {
      const last = p.corrections[p.corrections.length - 1];
      box.append(el("p", p.corrections.length + " correction(s); last by " + last.who + " at " + last.at, "hint"));
    }
  }

  function input(form, label, name, value, type) {
    const lab = el("label", label);
    const field = el("input");
    field.name = name;
    field.type = type || "text";
    if (value !== null && value !== undefined) field.value = String(value);
    lab.append(field);
    form.append(lab);
    return field;
  }

  function choice(form, label, name, options, selected) {
    // options: [value, text] pairs; only values from our own config or constants go in
    const lab = el("label", label);
    const field = el("select");
    field.name = name;
    for (const [value, text] of options) {
      const o = el("option", text);
      o.value = value;
      o.selected = value === selected;
      field.append(o);
    }
    lab.append(field);
    form.append(lab);
    return field;
  }

  function editForm(p, leafletMarker) {
    const form = el("form", null, "review");
    choice(form, "Category", "category", review.categories.map((c) => [c, c]), p.category);
    choice(form, "Sub-type", "sub_type", [["", "none"], ...review.sub_types.map((t) => [t, t])], p.sub_type || "");
    input(form, "Date", "date", p.date, "date");
    input(form, "Actor 1", "actor1", p.actor1);
    input(form, "Actor 2", "actor2", p.actor2);
    input(form, "Killed", "fatalities", p.fatalities, "number").min = "0";
    input(form, "Injured", "injured", p.injured, "number").min = "0";
    // The place's name and how precisely it is known, as the analyst knows them better
    input(form, "Place name", "place_resolved", p.place_resolved);
    choice(form, "Precision", "geo_precision", Object.entries(PRECISION), String(p.geo_precision));
    if (p.alternatives && p.alternatives.length) {
      const lab = el("label", "Or another candidate");
      const sel = el("select");
      sel.name = "candidate";
      const keep = el("option", "keep " + p.place_resolved);
      keep.value = "";
      sel.append(keep);
      p.alternatives.forEach((a, i) => {
        const o = el("option", a.name + (a.country ? " (" + a.country + ")" : "") + " · " + a.kind);
        o.value = String(i);
        sel.append(o);
      });
      lab.append(sel);
      form.append(lab);
    }
    const buttons = el("div", null, "actions");
    const submit = el("button", "Save");
    submit.type = "submit";
    const move = el("button", "Move on map", "secondary");
    move.type = "button";
    move.addEventListener("click", () => {
      leafletMarker.closePopup();
      leafletMarker.dragging.enable();
      leafletMarker.once("dragend", () => {
        const ll = leafletMarker.getLatLng();
        save(p.id, { lat: Number(ll.lat.toFixed(5)), lon: Number(L.Util.wrapNum(ll.lng, [-180, 180], true).toFixed(5)) });
      });
      status("Drag the marker to its place.");
    });
    buttons.append(submit, move);
    form.append(buttons);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const changes = {};
      const data = new FormData(form);
      const text = (k) => (data.get(k) || "").trim() || null;
      const count = (k) => (data.get(k) === "" ? null : Number(data.get(k)));
      if (data.get("category") !== p.category) changes.category = data.get("category");
      for (const k of ["sub_type", "actor1", "actor2", "date", "place_resolved"]) if (text(k) !== (p[k] || null)) changes[k] = text(k);
      if (Number(data.get("geo_precision")) !== p.geo_precision) changes.geo_precision = Number(data.get("geo_precision"));
      for (const k of ["fatalities", "injured"]) if (count(k) !== (p[k] ?? null)) changes[k] = count(k);
      if (data.get("candidate")) changes.candidate = Number(data.get("candidate"));
      if (!Object.keys(changes).length) { status("Nothing changed."); return; }
      save(p.id, changes, buttons);
    });
    return form;
  }

  function status(message, isError, action) {
    const box = document.getElementById("map-status");
    box.textContent = message;
    box.className = isError ? "map-status error" : "map-status";
    box.hidden = !message;
    if (action) {  // e.g. "Undo" after a save
      const button = el("button", action.label, "link");
      button.type = "button";
      button.addEventListener("click", action.run);
      box.append(" ", button);
    }
  }

  // Store a change (``changes`` null: take back the last one), redraw, and offer to undo it.
  async function save(id, changes, near) {
    try {
      if (changes === null) await api("POST", incidentUrl(id) + "/undo", {});
      else await api("PATCH", incidentUrl(id), changes);
      map.closePopup();
      if (changes === null) status("Incident " + id + ": last change undone.");
      else status("Incident " + id + " saved.", false, { label: "Undo", run: () => save(id, null) });
      await reload(true);
      document.body.dataset.saved = String(id);
    } catch (err) {
      if (near) near.append(el("p", "Not saved: " + err.message, "error"));
      status("Not saved: " + err.message, true);
    }
  }

  // ---- layers, timeline, time slider ---------------------------------------------------------

  const layers = config.layers.map((layer) => ({ ...layer, markers: [] }));  // markers: [{date, marker}]
  // One clustering for every layer: incidents of different categories at one spot gather in one
  // cluster (spiderfied at the closest zoom) instead of hiding under each other's. A layer's
  // tick in the control adds or removes its markers here (its own group stays empty).
  const cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40, showCoverageOnHover: false,
    iconCreateFunction: clusterIcon, zoomToBoundsOnClick: false }).addTo(map);
  // A click on a cluster zooms in on it, unless its incidents are at one spot (within 250 m):
  // then it lists them ("N incidents here"), each opening its own popup.
  cluster.on("clusterclick", (event) => {
    const group = event.layer;
    const bounds = group.getBounds();
    if (map.distance(bounds.getSouthWest(), bounds.getNorthEast()) > 250) { group.zoomToBounds({ padding: [20, 20] }); return; }
    const children = group.getAllChildMarkers();
    const box = el("div", null, "spot-list");
    box.append(el("h3", children.length + " incidents here"));
    const list = el("ul");
    for (const m of children) {
      const item = el("li");
      const button = el("button", m.options.title || "incident " + m.incidentId, "link");
      button.type = "button";
      button.addEventListener("click", () => {
        map.closePopup();
        cluster.zoomToShowLayer(m, () => m.openPopup());  // (spiderfied at the closest zoom)
      });
      item.append(button);
      list.append(item);
    }
    box.append(list);
    L.popup({ maxWidth: 320, autoPanPaddingTopLeft: NARROW ? [10, 70] : [5, 5] })
      .setLatLng(group.getLatLng()).setContent(box).openOn(map);
  });
  let drawnFor = null;  // the dates and layers the cluster holds
  const ticked = (layer) => map.hasLayer(window[layer.group]);
  const drawKey = (cut = cutoff, from = windowFrom) => (from || "") + ".." + (cut === null ? "all" : cut) + "|"
    + layers.filter(ticked).map((l) => l.name).join(",");

  let days = [];  // sorted distinct dates
  let cutoff = null;  // show incidents on or before this day (null: all)
  let windowFrom = null;  // and on or after this one (null: from the first)
  const inWindow = (date) => (cutoff === null || (date && date <= cutoff)) && (windowFrom === null || (date && date >= windowFrom));

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/geo+json" } });
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  async function loadLayer(layer) {
    const data = await getJSON(layer.url);
    layer.markers = data.features.map((f) => ({
      date: f.properties.date,
      marker: marker(f, L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]), layer),
    }));
  }

  function draw() {
    if (!VIEW.whole) { askView(); fetchSummary(); drawTimeline(); return; }
    let shown = 0;
    const wanted = [];
    for (const layer of layers) {
      const visible = layer.markers.filter((m) => inWindow(m.date)).map((m) => m.marker);
      // an unticked layer's markers are not shown; its count in the legend and the control stays
      if (ticked(layer)) {
        shown += visible.length;
        for (const m of visible) wanted.push(m);
      }
      for (const count of document.querySelectorAll('.count[data-layer="' + layer.name + '"]')) {
        count.textContent = String(visible.length);
      }
    }
    const key = drawKey();
    if (drawnFor !== key) {  // re-clustering 50,000 markers takes a while: only when needed
      cluster.clearLayers();
      cluster.addLayers(wanted);
      drawnFor = key;
    }
    document.getElementById("shown-count").textContent = String(shown);
    document.body.dataset.markers = String(shown);
    drawTimeline();
    drawHeat();
  }

  function drawTimeline() {
    const box = document.getElementById("timeline");
    box.textContent = "";
    if (VIEW.whole ? !layers.some((layer) => layer.markers.length) : !viewTotal) {
      // say why the map is empty: the filters (as the server read them), or nothing stored yet
      box.append(el("p", review.filtered ? "No incident matches these filters." : "No incidents yet: add an article below.", "hint empty"));
      return;
    }
    if (!days.length) { box.append(el("p", "No dated incidents.", "hint")); return; }
    const counts = new Map(VIEW.whole ? [] : Object.entries(dayCounts));
    if (VIEW.whole) for (const layer of layers) for (const m of layer.markers) if (m.date) counts.set(m.date, (counts.get(m.date) || 0) + 1);
    const first = new Date(days[0] + "T00:00:00Z");
    const last = new Date(days[days.length - 1] + "T00:00:00Z");
    const span = Math.round((last - first) / 86400000) + 1;
    const bucketDays = span <= 120 ? 1 : span <= 840 ? 7 : 30;  // day, week or month bars
    const buckets = new Map();
    for (const [day, n] of counts) {
      const k = Math.floor((new Date(day + "T00:00:00Z") - first) / 86400000 / bucketDays);
      buckets.set(k, (buckets.get(k) || 0) + n);
    }
    const nBuckets = Math.floor((span - 1) / bucketDays) + 1;
    const max = Math.max(...buckets.values());
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + nBuckets + " 40");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Incidents per " + (bucketDays === 1 ? "day" : bucketDays === 7 ? "week" : "month")
      + " from " + days[0] + " to " + days[days.length - 1] + "; drag across it to show a window of time");
    const bucketOf = (day) => Math.floor((new Date(day + "T00:00:00Z") - first) / 86400000 / bucketDays);
    const cutIndex = cutoff === null ? Infinity : bucketOf(cutoff);
    const fromIndex = windowFrom === null ? -Infinity : bucketOf(windowFrom);
    for (const [k, n] of buckets) {
      const bar = document.createElementNS(NS, "rect");
      const h = Math.max(1.5, (n / max) * 38);
      bar.setAttribute("x", String(k + 0.1));
      bar.setAttribute("width", "0.8");
      bar.setAttribute("y", String(40 - h));
      bar.setAttribute("height", String(h));
      bar.setAttribute("class", k <= cutIndex && k >= fromIndex ? "bar" : "bar later");
      const title = document.createElementNS(NS, "title");
      const start = new Date(first.getTime() + k * bucketDays * 86400000).toISOString().slice(0, 10);
      title.textContent = (bucketDays === 1 ? start : bucketDays + " days from " + start) + ": " + n;
      bar.append(title);
      svg.append(bar);
    }
    brush(svg, nBuckets, (k) => new Date(first.getTime() + k * bucketDays * 86400000).toISOString().slice(0, 10),
          bucketDays);
    box.append(svg);
    const axis = el("div", null, "axis");
    axis.append(el("span", days[0]), el("span", days[days.length - 1]));
    box.append(axis);
  }

  // ---- time: the slider's day, a window dragged on the histogram, play by day, week or month ----
  const slider = document.getElementById("time-slider");
  const timeLabel = document.getElementById("time-label");
  const timeClear = document.getElementById("time-clear");
  let drawTimer = null;
  let windowFromUrl = true;  // the page's ?window=FROM..TO, applied once the dates are known
  const addDays = (day, n) => new Date(Date.parse(day + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
  const indexUpTo = (day) => { let i = 0; while (i + 1 < days.length && days[i + 1] <= day) i++; return i; };
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function timeChanged() {
    const last = days[days.length - 1];
    timeLabel.textContent = windowFrom !== null ? windowFrom + " to " + (cutoff || last)
      : cutoff === null ? "All dates" : "Up to " + cutoff;
    slider.setAttribute("aria-valuetext", timeLabel.textContent);
    timeClear.hidden = cutoff === null && windowFrom === null;
    // the window in the URL, so a shared link shows the same days
    const params = new URLSearchParams(window.location.search);
    if (cutoff === null && windowFrom === null) params.delete("window");
    else params.set("window", (windowFrom || "") + ".." + (cutoff || ""));
    const query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    clearTimeout(drawTimer);
    drawTimer = setTimeout(draw, 30);  // one redraw per burst of slider events
  }

  function setCutoff(index) {
    cutoff = index >= days.length - 1 ? null : days[index];
    if (windowFrom !== null && cutoff !== null && windowFrom > cutoff) windowFrom = cutoff;
    timeChanged();
  }

  function setWindow(from, to) {
    windowFrom = from && days.length && from > days[0] ? from : null;
    cutoff = to && days.length && to < days[days.length - 1] ? to : null;
    slider.value = String(cutoff === null ? days.length - 1 : indexUpTo(cutoff));
    timeChanged();
  }

  function setupSlider() {
    slider.max = String(Math.max(days.length - 1, 0));
    slider.disabled = days.length < 2;
    document.getElementById("play").disabled = days.length < 2;
    if (windowFromUrl) {
      windowFromUrl = false;
      const [from, to] = (new URLSearchParams(window.location.search).get("window") || "").split("..");
      windowFrom = from && ISO_DAY.test(from) ? from : null;
      cutoff = to && ISO_DAY.test(to) ? to : null;
    }
    setWindow(windowFrom, cutoff);  // (kept across reloads after a correction)
  }

  // Drag across the histogram's bars for a window of time; a click picks one bar's days.
  function brush(svg, nBuckets, startOf, bucketDays) {
    let down = null;
    const bucketAt = (event) => {
      const box = svg.getBoundingClientRect();
      return Math.max(0, Math.min(nBuckets - 1, Math.floor((event.clientX - box.left) / box.width * nBuckets)));
    };
    svg.style.cursor = "crosshair";
    svg.style.touchAction = "none";
    svg.addEventListener("pointerdown", (event) => { down = bucketAt(event); svg.setPointerCapture(event.pointerId); });
    svg.addEventListener("pointermove", (event) => {
      if (down === null) return;
      const [a, b] = [Math.min(down, bucketAt(event)), Math.max(down, bucketAt(event))];
      for (const bar of svg.querySelectorAll("rect")) {
        const k = Math.floor(Number(bar.getAttribute("x")));
        bar.setAttribute("class", k >= a && k <= b ? "bar" : "bar later");
      }
    });
    svg.addEventListener("pointerup", (event) => {
      if (down === null) return;
      const [a, b] = [Math.min(down, bucketAt(event)), Math.max(down, bucketAt(event))];
      down = null;
      setWindow(startOf(a), addDays(startOf(b), bucketDays - 1));
    });
  }

  timeClear.addEventListener("click", () => setWindow(null, null));
  slider.addEventListener("input", () => setCutoff(Number(slider.value)));
  let playing = null;
  const playButton = document.getElementById("play");
  function stopPlaying() { clearInterval(playing); playing = null; playButton.textContent = "▶"; playButton.setAttribute("aria-label", "Play"); }
  function stepAfter(day, unit) {
    if (unit === "month") {
      const d = new Date(day + "T00:00:00Z");
      d.setUTCMonth(d.getUTCMonth() + 1);
      return d.toISOString().slice(0, 10);
    }
    return addDays(day, unit === "week" ? 7 : 1);
  }
  playButton.addEventListener("click", () => {
    if (playing) { stopPlaying(); return; }
    const unit = document.getElementById("time-step").value;
    const first = days[0];
    const last = days[days.length - 1];
    let to = cutoff || last;
    let from = windowFrom;
    if (to >= last) {  // from the start: a window keeps its width, else the map fills up step by step
      const width = from ? Math.round((Date.parse(to) - Date.parse(from)) / 86400000) : 0;
      from = from ? first : null;
      to = from ? addDays(first, width) : stepAfter(first, unit);
    }
    const moving = from !== null;  // a window moves along; without one, the map fills up
    setWindow(from, to);
    playButton.textContent = "❚❚";
    playButton.setAttribute("aria-label", "Pause");
    playing = setInterval(() => {
      to = stepAfter(to, unit);
      if (moving) from = stepAfter(from, unit);
      setWindow(moving ? from : null, to >= last ? null : to);
      if (to >= last) stopPlaying();
    }, Number(document.getElementById("time-speed").value));
  });

  map.on("overlayadd overlayremove", (event) => { if (event.layer !== heatGroup) draw(); else drawHeat(); });

  // The heat map: where the shown incidents (or a large store's cells) are dense, from
  // Leaflet.heat; it follows the layers ticked, the filters and the time window.
  const heatGroup = window[config.heat];
  let heat = null;
  function drawHeat() {
    if (heat) { heatGroup.removeLayer(heat); heat = null; }
    if (!map.hasLayer(heatGroup) || typeof L.heatLayer !== "function") return;
    const points = [];
    if (VIEW.whole) {
      for (const layer of layers) {
        if (!ticked(layer)) continue;
        for (const m of layer.markers) if (inWindow(m.date)) points.push([m.marker.getLatLng().lat, m.marker.getLatLng().lng, 1]);
      }
    } else {
      for (const m of cluster.getLayers()) points.push([m.getLatLng().lat, m.getLatLng().lng, 1]);
      for (const m of cells.getLayers()) points.push([m.getLatLng().lat, m.getLatLng().lng, m.cellCount || 1]);
    }
    const most = points.reduce((a, p) => Math.max(a, p[2]), 1);
    heat = L.heatLayer(points, { radius: 22, blur: 18, maxZoom: 9, max: VIEW.whole ? 3 : most, minOpacity: 0.25 });
    heatGroup.addLayer(heat);
    document.body.dataset.heatPoints = String(points.length);
  }

  async function reload(changed) {
    if (!VIEW.whole) return reloadView(changed);
    // Each layer is drawn as soon as it arrives; the slider and timeline follow once all have.
    cluster.clearLayers();
    await Promise.all(layers.map((layer) => loadLayer(layer).then(() => {
      if (ticked(layer)) cluster.addLayers(layer.markers.map((m) => m.marker));
    })));
    drawnFor = drawKey(null, null);  // what the cluster now holds: every date of the ticked layers
    const all = new Set();
    for (const layer of layers) for (const m of layer.markers) if (m.date) all.add(m.date);
    days = Array.from(all).sort();
    setupSlider();
    draw();
    // the whole store's count, which a rejection or a restore changes (the page came with it)
    if (changed) {
      getJSON(review.layers).then((all) => {
        document.getElementById("all-count").textContent = String(all[0].count);
      }).catch(() => {});
    }
  }

  // ---- a large store: what each view needs, from the server ------------------------------------
  // Above the server's WHOLE_MAP_MOST incidents the page does not load them all: on every pan and
  // zoom it asks /api/view for the view's incidents (clustered here as above) or, where the view
  // holds too many, their counts per grid cell (drawn as discs like the clusters'); the timeline
  // and the layers' counts come from the server too.

  const VIEW = review.view;
  const cells = L.layerGroup().addTo(map);
  let dayCounts = {};  // "YYYY-MM-DD" -> incidents, for the page's filters
  let viewTotal = 0;  // incidents the page's filters match
  let viewAsked = 0;  // the latest view request (an earlier answer arriving late is dropped)
  let viewTimer = null;
  let viewPending = null;  // {promise, resolve} while a view is asked and not yet drawn
  let viewDrawn = Promise.resolve(null);  // resolves when the view asked last is drawn

  const layerOf = (category) => layers.find((l) => l.category === category) || layers[0];

  function viewParams(url) {
    // the page's filters, narrowed to the ticked layers and the slider's day
    const target = new URL(url, window.location.href);
    const params = target.searchParams;
    const asked = params.get("category");
    const names = layers.filter(ticked).map((l) => l.category).filter((c) => !asked || asked.split(",").includes(c));
    params.set("category", names.join(","));
    if (!asked && names.length === layers.length) params.delete("category");  // (the page's own query: its totals are kept)
    if (cutoff !== null) params.set("until", cutoff);
    if (windowFrom !== null) params.set("since", windowFrom);
    return names.length ? target : null;  // (no layer ticked: nothing to ask for)
  }

  function cellMarker(f) {
    const p = f.properties;
    const byLayer = {};
    for (const [category, n] of Object.entries(p.by_category)) byLayer[layerOf(category).name] = n;
    const icon = discIcon(p.count, byLayer);
    const m = L.marker(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]), { icon: icon, keyboard: true,
      title: p.count.toLocaleString() + " incidents, " + p.fatalities.toLocaleString() + " killed" });
    m.on("click", () => map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, 18)));
    m.cellCount = p.count;  // (the heat map's weight)
    return m;
  }

  function askView() {
    clearTimeout(viewTimer);
    if (!viewPending) {
      let resolve;
      const promise = new Promise((r) => { resolve = r; });
      viewPending = { promise: promise, resolve: resolve };
      viewDrawn = promise;
    }
    viewTimer = setTimeout(fetchView, 60);  // one request per burst of moves
  }

  function viewFinished(data) {
    const pending = viewPending;
    viewPending = null;
    if (pending) pending.resolve(data);
  }

  async function fetchView() {
    const asked = ++viewAsked;
    const b = map.getBounds().pad(0.25);  // a margin, so a small pan needs no new request at once
    const lon = (x) => Math.max(-180, Math.min(180, x)).toFixed(4);
    const lat = (y) => Math.max(-90, Math.min(90, y)).toFixed(4);
    const target = viewParams(VIEW.url);
    if (!target) { cluster.clearLayers(); cells.clearLayers(); viewFinished(null); return; }
    const whole = b.getEast() - b.getWest() >= 360;
    target.searchParams.set("bbox", whole ? "-180,-90,180,90" : [lon(b.getWest()), lat(b.getSouth()), lon(b.getEast()), lat(b.getNorth())].join(","));
    target.searchParams.set("zoom", String(map.getZoom()));
    let data;
    try {
      data = await getJSON(target.pathname + target.search);
    } catch (err) {
      status("Could not load the view: " + err.message, true);
      if (asked === viewAsked) viewFinished(null);
      return;
    }
    if (asked !== viewAsked) return;
    cluster.clearLayers();
    cells.clearLayers();
    if (data.mode === "points") {
      cluster.addLayers(data.features.map((f) => marker(f, L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]),
                                                        layerOf(f.properties.category))));
    } else {
      for (const f of data.features) cells.addLayer(cellMarker(f));
    }
    drawHeat();
    document.body.dataset.viewMode = data.mode;
    document.body.dataset.inView = String(data.matched);
    document.body.dataset.viewsDrawn = String(Number(document.body.dataset.viewsDrawn || 0) + 1);  // (for make bench)
    viewFinished(data);
  }

  async function fetchSummary() {
    // as with every incident in the page: a layer's count is up to the slider's day, ticked or
    // not; the shown count, of the ticked layers
    const target = new URL(VIEW.summary, window.location.href);
    if (cutoff !== null) target.searchParams.set("until", cutoff);
    if (windowFrom !== null) target.searchParams.set("since", windowFrom);
    let summary;
    try { summary = await getJSON(target.pathname + target.search); } catch (err) { return; }
    let shown = 0;
    for (const layer of layers) {
      const n = summary.by_category[layer.category] || 0;
      if (ticked(layer)) shown += n;
      for (const count of document.querySelectorAll('.count[data-layer="' + layer.name + '"]')) count.textContent = String(n);
    }
    document.getElementById("shown-count").textContent = String(shown);
    document.body.dataset.markers = String(shown);
  }

  async function reloadView(changed) {
    const [counts, summary] = await Promise.all([getJSON(VIEW.days), getJSON(VIEW.summary)]);
    dayCounts = counts;
    viewTotal = summary.incidents;
    days = Object.keys(dayCounts).sort();
    setupSlider();
    clearTimeout(drawTimer);  // (drawn now, not after the slider's pause: the page waits for it)
    draw();
    if (changed) {
      getJSON(review.layers).then((all) => {
        document.getElementById("all-count").textContent = String(all[0].count);
      }).catch(() => {});
    }
  }

  map.on("moveend", () => { if (!VIEW.whole) askView(); });

  // ---- base layer, comparison layers, filters ---------------------------------------------------

  async function loadCountries() {
    const data = await getJSON(config.countries.url);
    L.geoJSON(data, {
      interactive: false,
      style: { color: "#8a96a3", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(window[config.countries.group]);
    window[config.countries.group].bringToBack();
  }

  // The offline base map's place names: countries, seas, provinces and towns by size as the view
  // zooms in, asked of the gazetteer for the view (text in the page, behind the markers).
  const labelPane = map.createPane("labels");
  labelPane.style.zIndex = 450;
  labelPane.style.pointerEvents = "none";
  const labelGroup = window[config.labels.group];
  let labelsAsked = 0;
  let labelTimer = null;

  async function drawLabels() {
    if (!map.hasLayer(labelGroup)) return;
    const b = map.getBounds();
    const wide = b.getEast() - b.getWest() >= 360;
    const lon = (x) => (((x + 180) % 360 + 360) % 360 - 180).toFixed(3);  // the view may span copies of the world
    const lat = (y) => Math.max(-90, Math.min(90, y)).toFixed(3);
    const bbox = [wide ? -180 : lon(b.getWest()), lat(b.getSouth()), wide ? 180 : lon(b.getEast()), lat(b.getNorth())];
    const asked = ++labelsAsked;
    let found;
    try {
      found = await getJSON(config.labels.url + "?zoom=" + map.getZoom() + "&bbox=" + bbox.join(","));
    } catch (err) {
      return;  // the map works without its names
    }
    if (asked !== labelsAsked) return;  // a later view's names win
    labelGroup.clearLayers();
    // Larger places first; a name that would overlap one already placed is left out (rough boxes:
    // ~6.5 px a character, 14 px high), so that the names stay readable.
    const placed = [];
    let shown = 0;
    for (const p of found) {
      const at = map.latLngToContainerPoint([p.lat, p.lon]);
      const half = { x: (p.name.length * 6.5) / 2 + 4, y: 8 };
      if (placed.some((q) => Math.abs(q.x - at.x) < q.hx + half.x && Math.abs(q.y - at.y) < q.hy + half.y)) continue;
      placed.push({ x: at.x, y: at.y, hx: half.x, hy: half.y });
      shown += 1;
      const text = el("span", p.name);
      const icon = L.divIcon({ className: "place-label place-label-" + p.kind, html: text, iconSize: null });
      L.marker([p.lat, p.lon], { icon: icon, pane: "labels", interactive: false, keyboard: false }).addTo(labelGroup);
    }
    document.body.dataset.labels = String(shown);
  }
  map.on("moveend", () => { clearTimeout(labelTimer); labelTimer = setTimeout(drawLabels, 150); });
  map.on("overlayadd", (event) => { if (event.layer === labelGroup) drawLabels(); });

  // The base map chosen is part of the page's URL (?basemap=osm), so a shared view keeps it.
  const basemaps = { offline: window[config.basemaps.offline], osm: window[config.basemaps.osm] };
  const askedBase = new URLSearchParams(window.location.search).get("basemap");
  if (basemaps[askedBase] && !map.hasLayer(basemaps[askedBase])) {
    for (const layer of Object.values(basemaps)) map.removeLayer(layer);
    map.addLayer(basemaps[askedBase]);
  }
  map.on("baselayerchange", (event) => {
    const name = Object.keys(basemaps).find((k) => basemaps[k] === event.layer);
    const url = new URL(window.location.href);
    url.searchParams.set("basemap", name);
    window.history.replaceState(null, "", url);
  });

  function comparisonPopup(props) {
    const box = el("div", null, "incident-popup");
    box.append(el("h3", "Imported feature"));
    const dl = el("dl");
    Object.entries(props || {}).slice(0, 12).forEach(([k, v]) => row(dl, k, v));
    box.append(dl);
    return box;
  }

  async function loadComparison(layer) {
    const data = await getJSON(layer.url);
    // Points are clustered as our own markers are (thousands of them drawn one by one stall the
    // page); outlines and lines are drawn as they are (the server keeps them under a vertex cap).
    const options = {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: "#2c7a7b", weight: 2, fillOpacity: 0, className: "comparison-marker" }),
      style: { color: "#2c7a7b", weight: 2, fillOpacity: 0.05 },
      onEachFeature: (f, l) => l.bindPopup(() => comparisonPopup(f.properties)),
    };
    const isPoint = (f) => f.geometry && f.geometry.type === "Point";
    const features = data.features || [];
    const shapes = L.geoJSON({ type: "FeatureCollection", features: features.filter((f) => !isPoint(f)) }, options);
    const points = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40, showCoverageOnHover: false });
    points.addLayers(L.geoJSON({ type: "FeatureCollection", features: features.filter(isPoint) }, options).getLayers());
    window[layer.group].addLayer(shapes).addLayer(points);
  }

  // Reading an article takes a few seconds (the first one while the language model loads): say so,
  // and do not send it twice.
  const addForm = document.getElementById("add-article");
  addForm.addEventListener("submit", () => {
    const button = addForm.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = "Reading the article…";
    addForm.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", () => {  // back to a page kept in the browser's cache
    const button = addForm.querySelector("button[type=submit]");
    button.disabled = false;
    button.textContent = "Find incidents";
    addForm.removeAttribute("aria-busy");
  });

  const filters = document.getElementById("filters");
  filters.addEventListener("submit", (event) => {
    // Share-friendly URLs: only the filters that are set.
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) {
      if (String(v).trim() && !(k === "status" && v === "active")) params.append(k, String(v).trim());
    }
    const query = params.toString();
    window.location.assign(filters.action + (query ? "?" + query : ""));
  });
  // The visible area as a bbox parameter ("minlon,minlat,maxlon,maxlat"), for the area filter and watch areas.
  function viewBbox() {
    const b = map.getBounds();
    const lon = (x) => Math.max(-180, Math.min(180, x)).toFixed(3);
    const lat = (y) => Math.max(-90, Math.min(90, y)).toFixed(3);
    return [lon(b.getWest()), lat(b.getSouth()), lon(b.getEast()), lat(b.getNorth())].join(",");
  }
  document.getElementById("use-view").addEventListener("click", () => {
    document.getElementById("bbox").value = viewBbox();
  });

  // Find a place (offline gazetteer) and move the map there: closer for a town than for a country.
  const ZOOM_FOR_KIND = { country: 5, continent: 3, sea: 5, region: 6, admin1: 7, admin2: 9, city: 11, site: 13 };
  const placeBox = document.getElementById("place-search");
  const placeResults = document.getElementById("place-results");
  let placeTimer = null;
  let placeAsked = 0;
  placeBox.addEventListener("input", () => {
    clearTimeout(placeTimer);
    placeTimer = setTimeout(async () => {
      const q = placeBox.value.trim();
      const asked = ++placeAsked;
      if (q.length < 2) { placeResults.replaceChildren(); return; }
      let found = [];
      try { found = await getJSON(review.places + "?limit=8&q=" + encodeURIComponent(q)); } catch (err) { found = []; }
      if (asked !== placeAsked) return;  // a later keystroke's answer wins
      placeResults.replaceChildren(...(found.length ? found.map((p) => {
        const li = el("li");
        const button = el("button", p.name, "link");
        button.type = "button";
        button.addEventListener("click", () => {
          map.once("moveend", () => { document.body.dataset.flownTo = p.name; });
          map.flyTo([p.lat, p.lon], ZOOM_FOR_KIND[p.kind] || 8, { duration: 1.5 });
          placeResults.replaceChildren();
          placeBox.value = p.name;
        });
        li.append(button, el("span", " " + [p.kind === "admin1" ? "province/state" : p.kind === "admin2" ? "district" : p.kind,
                                            p.country].filter(Boolean).join(", "), "hint"));
        return li;
      }) : [el("li", "No place of that name in the gazetteer.", "hint")]));
    }, 200);
  });

  const statusBox = el("div", null, "map-status");
  statusBox.id = "map-status";
  statusBox.hidden = true;
  statusBox.setAttribute("role", "status");
  document.querySelector(".map-pane").append(statusBox);
  const notice = sidebar.querySelector(":scope > .notice");
  if (NARROW && notice) status(notice.textContent);  // (the drawer that holds it is closed)

  const started = performance.now();
  const ready = Promise.all([loadCountries(), reload(), ...config.comparisons.map(loadComparison)])
    .then(() => (VIEW.whole ? null : viewDrawn))
    .then(() => {
      const bounds = L.latLngBounds([]);
      if (cluster.getLayers().length) bounds.extend(cluster.getBounds());
      for (const m of cells.getLayers()) bounds.extend(m.getLatLng());
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6, animate: false });
      clearTimeout(labelTimer);  // the names of the view the page opens on, asked once
      drawLabels();
      document.body.dataset.loadMs = String(Math.round(performance.now() - started));
      return VIEW.whole ? null : viewDrawn;  // (the view fitted to the incidents, drawn)
    })
    .then(() => {
      document.body.dataset.mapReady = "1";
    })
    .catch((err) => {
      document.body.dataset.mapReady = "error";
      const box = el("p", "Could not load the map data: " + err.message, "error");
      document.querySelector(".sidebar").prepend(box);
    });

  // Open one incident's popup, zooming into its cluster first (the page's ?incident=ID does this).
  async function openIncident(id) {
    if (!VIEW.whole) {
      // fetch where it is, draw that view close up, then open it as below
      let incident;
      try { incident = await api("GET", incidentUrl(id)); } catch (err) { incident = null; }
      if (incident && incident.lat !== null) {
        map.setView([incident.lat, incident.lon], 15, { animate: false });
        await viewDrawn;
        const m = cluster.getLayers().find((x) => x.incidentId === id);
        if (m) { cluster.zoomToShowLayer(m, () => m.openPopup()); return true; }
      }
      status("Incident " + id + " is not on the map with these filters.", true);
      return false;
    }
    for (const layer of layers) {
      const found = layer.markers.find((m) => m.marker.incidentId === id);
      if (found && cluster.hasLayer(found.marker)) {
        const m = found.marker;
        // Inside a cluster: zoom in on it without animation until it stands alone (zoomToShowLayer
        // alone waits for a zoom animation that, on a small screen, may never end); incidents at
        // one spot are spiderfied by zoomToShowLayer after that.
        for (let zoom = map.getZoom(); cluster.getVisibleParent(m) !== m && zoom < 14; zoom++) {
          map.setView(m.getLatLng(), zoom + 1, { animate: false });
        }
        cluster.zoomToShowLayer(m, () => m.openPopup());
        return true;
      }
    }
    status("Incident " + id + " is not on the map with these filters.", true);
    return false;
  }

  const wanted = Number(new URLSearchParams(window.location.search).get("incident"));
  if (wanted) ready.then(() => openIncident(wanted));

  // ---- what is new: the "latest" list, "since your last look", "watch this view" -------------------
  // The list asks the server every few seconds for incidents added after the newest it has shown
  // (with the page's filters), and puts them on top; a click shows the incident on the map,
  // loading the layers again first when it arrived after the page did.
  const latestList = document.getElementById("latest-list");
  let newestShown = 0;
  let firstLatest = true;
  const sinceWhen = (iso) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "");
  function latestItem(item, fresh) {
    const li = el("li", null, fresh ? "fresh" : null);
    li.dataset.incident = String(item.id);
    const link = el("a", item.title);
    link.href = item.map_url;
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      if (!(await openIncidentQuietly(item.id))) {
        await reload(true);
        openIncident(item.id);
      }
    });
    li.append(link, el("span", " · added " + sinceWhen(item.added), "when"));
    return li;
  }
  async function openIncidentQuietly(id) {
    if (!VIEW.whole) return openIncident(id);
    return layers.some((layer) => layer.markers.some((m) => m.marker.incidentId === id)) ? openIncident(id) : false;
  }
  async function pollLatest() {
    let answer;
    try {
      answer = await getJSON(review.latest + (review.latest.includes("?") ? "&" : "?") + "limit=10&after=" + newestShown);
    } catch (err) { return; }  // (offline for a moment: the next poll tries again)
    const items = answer.incidents;
    if (items.length) {
      latestList.prepend(...items.map((item) => latestItem(item, !firstLatest)));
      while (latestList.children.length > 30) latestList.lastChild.remove();
      if (!firstLatest) document.body.dataset.latestArrived = String(items[0].id);
    } else if (firstLatest) {
      latestList.append(el("li", "No incidents yet.", "hint empty"));
    }
    if (items.length) for (const stale of latestList.querySelectorAll("li.empty")) stale.remove();
    newestShown = Math.max(newestShown, answer.newest);
    firstLatest = false;
  }
  pollLatest();
  setInterval(() => { if (!document.hidden) pollLatest(); }, review.latest_every_ms);

  // "New since your last look": the time of this browser's previous visit, kept in localStorage.
  try {
    const last = window.localStorage.getItem("incidentMap.lastLook");
    if (last) {
      const link = document.getElementById("since-last-look");
      const params = new URLSearchParams(window.location.search);
      params.set("added_since", last);
      link.href = window.location.pathname + "?" + params.toString();
      link.textContent = "New since your last look (" + sinceWhen(last) + ")";
      link.hidden = false;
      link.after(document.createTextNode(" · "));
    }
    window.localStorage.setItem("incidentMap.lastLook", new Date().toISOString().slice(0, 19) + "Z");
  } catch (err) { /* storage refused (private mode): no last look */ }

  // "Watch this view": the feeds page's area form, with this view's box and filters.
  const watchLink = document.getElementById("watch-view");
  function updateWatchLink() {
    const url = new URL(watchLink.href, window.location.href);
    url.searchParams.set("bbox", viewBbox());
    watchLink.href = url.pathname + url.search + "#areas";
  }
  map.on("moveend", updateWatchLink);

  window.incidentMap = { map: map, ready: ready, layers: layers, openIncident: openIncident };
})();
