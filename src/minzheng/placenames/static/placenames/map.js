/* The offline map (区划地名图): draws the stored geometries with Leaflet served from this instance; no tile layer,
   so nothing is requested from outside. Layers: regions (polygons), place names (points/lines), boundaries, markers. */
(function () {
  "use strict";
  var box = document.getElementById("placenames-map");
  if (!box || !window.L) { return; }
  var status = document.getElementById("map-status");
  var map = L.map(box, { attributionControl: false });
  var styles = {
    regions: { color: "#3465a4", weight: 1, fillOpacity: 0.08 },
    places: { color: "#4e9a06", weight: 2 },
    boundaries: { color: "#cc0000", weight: 3, dashArray: "6 4" }
  };
  fetch(box.dataset.layers, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var groups = {}, all = L.featureGroup();
    Object.keys(data).forEach(function (key) {
      var layer = L.geoJSON(data[key], {
        style: styles[key],
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: key === "markers" ? 5 : 4,
            color: key === "markers" ? "#cc0000" : "#4e9a06", fillOpacity: 0.8 });
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties || {};
          var label = document.createElement("span"); /* a text node: names are never parsed as HTML */
          label.textContent = String(p.name || p.number || "");
          lyr.bindPopup(label);
        }
      });
      groups[{ regions: "区划", places: "地名", boundaries: "界线", markers: "界桩" }[key] || key] = layer;
      layer.addTo(map); all.addLayer(layer);
    });
    L.control.layers(null, groups, { collapsed: false }).addTo(map);
    var bounds = all.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView([30, 120], 8); }
    var n = 0; Object.keys(data).forEach(function (k) { n += data[k].features.length; });
    status.textContent = "已绘制 " + n + " 个要素";
    box.setAttribute("data-ready", "1");
  }).catch(function () { status.textContent = "图层加载失败"; });
}());
