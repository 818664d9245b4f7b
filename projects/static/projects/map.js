// Map of the filtered projects, beside their accessible list. Markers sit at the centre of
// the commune (the GeoJSON never holds anything more precise); nearby markers are grouped
// into clusters computed here on a pixel grid, re-done at each zoom, so no plugin is needed.
// The map follows the filters: after an htmx swap of #resultats it reloads its GeoJSON.

const CELL_PX = 56;
let map = null;
let layer = null;
let features = [];
let loadToken = 0;

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text == null ? "" : String(text);
  return div.innerHTML;
}

function popupHtml(feature) {
  const p = feature.properties;
  return `<a href="${escapeHtml(p.url)}">${escapeHtml(p.name)}</a><br>` +
    `${escapeHtml(p.commune)} · ${escapeHtml(p.stage)}`;
}

function clusterIcon(count) {
  const size = count < 10 ? 34 : count < 100 ? 42 : 50;
  return window.L.divIcon({
    html: `<span>${count}</span>`,
    className: "project-cluster",
    iconSize: [size, size],
  });
}

function render() {
  const L = window.L;
  layer.clearLayers();
  const cells = new Map();
  for (const feature of features) {
    const [lng, lat] = feature.geometry.coordinates;
    const point = map.project([lat, lng], map.getZoom());
    const key = `${Math.floor(point.x / CELL_PX)}:${Math.floor(point.y / CELL_PX)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(feature);
  }
  for (const group of cells.values()) {
    const latlngs = group.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    const samePlace = latlngs.every((ll) => ll[0] === latlngs[0][0] && ll[1] === latlngs[0][1]);
    if (group.length === 1 || (samePlace && map.getZoom() >= map.getMaxZoom())) {
      // Several projects in one commune at the closest zoom: one marker listing them all.
      const marker = L.circleMarker(latlngs[0], {
        radius: 8, weight: 2, color: "#ffffff", fillColor: "#a63d40", fillOpacity: 0.95,
      });
      marker.projectCount = group.length;
      marker.bindPopup(group.map(popupHtml).join("<hr>"));
      marker.addTo(layer);
    } else {
      const bounds = L.latLngBounds(latlngs);
      const marker = L.marker(bounds.getCenter(), {
        icon: clusterIcon(group.length),
        title: `${group.length} projets`,
        keyboard: true,
      });
      marker.projectCount = group.length;
      marker.on("click", () => {
        if (samePlace) {
          map.setView(latlngs[0], map.getMaxZoom());
        } else {
          map.fitBounds(bounds.pad(0.3), { maxZoom: map.getMaxZoom() });
        }
      });
      marker.addTo(layer);
    }
  }
  const element = map.getContainer();
  element.dataset.markers = String(features.length);
  element.dataset.ready = "true";
}

async function load(url) {
  const token = ++loadToken;
  const element = map.getContainer();
  element.dataset.ready = "false";
  const response = await fetch(url, { headers: { Accept: "application/geo+json" } });
  if (!response.ok || token !== loadToken) return;
  const data = await response.json();
  if (token !== loadToken) return;
  features = data.features || [];
  if (features.length) {
    const bounds = window.L.latLngBounds(
      features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]),
    );
    map.fitBounds(bounds.pad(0.15), { maxZoom: 10, animate: false });
  }
  render();
}

function init() {
  const element = document.getElementById("carte-projets");
  if (!element || !window.L) return;
  const L = window.L;
  const maxZoom = Number(element.dataset.maxZoom || 13);
  map = L.map(element, { maxZoom, minZoom: 6, scrollWheelZoom: false })
    .setView([43.7, 2.2], 7);
  // Tiles may fail (offline, blocked): the markers and the list work without them.
  L.tileLayer(element.dataset.tilesUrl, {
    maxZoom,
    attribution: element.dataset.tilesAttribution,
  }).addTo(map);
  layer = L.layerGroup().addTo(map);
  map.on("zoomend", render);
  load(element.dataset.geojsonUrl);
}

document.addEventListener("htmx:afterSwap", (event) => {
  const results = document.getElementById("resultats");
  if (!results || !event.detail.target || event.detail.target.id !== "resultats") return;
  // The map element was swapped with the results: start a new map on it.
  if (map) {
    map.remove();
    map = null;
  }
  init();
});

// Module scripts run after the deferred Leaflet script; "load" is a fallback if it is late.
function start() {
  if (!map) init();
}
if (window.L) start();
else window.addEventListener("load", start);
