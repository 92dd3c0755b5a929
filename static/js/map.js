// Fills the Folium map's overlays from the GeoJSON endpoints.
// Every value from an article is put into the page with textContent, never as HTML.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[config.map];

  const PRECISION = { 1: "exact place", 2: "near the place", 3: "region or country" };
  const DATE_PRECISION = { 1: "day", 2: "week", 3: "month", 4: "year" };

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

  function popup(p) {
    const box = el("div", null, "incident-popup");
    box.append(el("h3", [p.category, p.sub_type].filter(Boolean).join(" · ")));
    const dl = el("dl");
    if (p.date) row(dl, "When", p.date + (p.date_precision > 1 ? " (" + DATE_PRECISION[p.date_precision] + ")" : ""));
    const where = p.place === p.place_resolved ? p.place : p.place + " → " + p.place_resolved;
    row(dl, "Where", where + (p.country ? " (" + p.country + ")" : "") + " · " + (PRECISION[p.geo_precision] || ""));
    if (p.actor1 || p.actor2) row(dl, "Who", (p.actor1 || "unnamed") + " → " + (p.actor2 || "unnamed"));
    row(dl, "Killed", p.fatalities);
    row(dl, "Injured", p.injured);
    row(dl, "Confidence", p.confidence);
    box.append(dl);
    if (p.sentence) box.append(el("blockquote", p.sentence));
    if (p.source_url && /^https?:\/\//i.test(p.source_url)) {
      const a = el("a", "Source article");
      a.href = p.source_url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      box.append(a);
    } else {
      box.append(el("div", "Article #" + p.article_id, "hint"));
    }
    return box;
  }

  function marker(feature, latlng, color) {
    const p = feature.properties;
    const killed = Number(p.fatalities) || 0;
    return L.circleMarker(latlng, {
      radius: 6 + Math.min(12, 2.5 * Math.sqrt(killed)),
      color: "#1d2733",
      weight: 1,
      dashArray: p.geo_precision === 3 ? "3 3" : null,
      fillColor: color,
      fillOpacity: 0.85,
      className: "incident-marker incident-" + p.category,
    });
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/geo+json" } });
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  async function loadCountries() {
    const data = await getJSON(config.countries.url);
    L.geoJSON(data, {
      interactive: false,
      style: { color: "#8a96a3", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(window[config.countries.group]);
    window[config.countries.group].bringToBack();
  }

  const bounds = L.latLngBounds([]);
  let markerCount = 0;

  async function loadLayer(layer) {
    const data = await getJSON(layer.url);
    const geo = L.geoJSON(data, {
      pointToLayer: (feature, latlng) => marker(feature, latlng, layer.color),
      onEachFeature: (feature, leafletLayer) => leafletLayer.bindPopup(() => popup(feature.properties)),
    });
    geo.addTo(window[layer.group]);
    markerCount += data.features.length;
    if (data.features.length) bounds.extend(geo.getBounds());
  }

  const ready = Promise.all([loadCountries(), ...config.layers.map(loadLayer)])
    .then(() => {
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6, animate: false });
      document.body.dataset.mapReady = "1";
      document.body.dataset.markers = String(markerCount);
    })
    .catch((err) => {
      document.body.dataset.mapReady = "error";
      const box = el("p", "Could not load the map data: " + err.message, "error");
      document.querySelector(".sidebar").prepend(box);
    });

  window.incidentMap = { map: map, ready: ready };
})();
