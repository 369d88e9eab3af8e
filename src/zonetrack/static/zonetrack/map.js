/* zonetrack maps: draws every [data-zt-map] element with Leaflet.
 *
 * Markup (see templates/registry/includes/map_block.html):
 *   <script type="application/json" id="ID">{GeoJSON FeatureCollection}</script>
 *   <div class="zt-map" data-zt-map data-features="ID" data-tiles="URL template or empty"
 *        data-attribution="..." data-empty-text="..."></div>
 *
 * Styles are in zonetrack/map.css (the Content-Security-Policy allows no <style> made here).
 * Record text (zone and park names) reaches the page only as text nodes: Leaflet reads a
 * string given to a tooltip or popup as HTML, so both get DOM nodes built here.
 *
 * Without a tile URL no tile layer is added: the geometries are drawn on a plain background
 * and nothing is fetched from the network. Plain ES2017, no build step; nothing is made
 * global. Each map element gets its Leaflet map as `element.ztMap`.
 */
(function () {
  'use strict';

  const COLOURS = {
    zone: '#206bc4', // Tabler blue
    'zone-boundary': '#206bc4',
    park: '#2fb344', // Tabler green
  };
  const DEFAULT_COLOUR = '#667382';
  const CHINA = [35, 105];
  const CHINA_ZOOM = 4;
  function readFeatures(el) {
    const id = el.dataset.features;
    const script = id ? document.getElementById(id) : null;
    if (!script) return { type: 'FeatureCollection', features: [] };
    const data = JSON.parse(script.textContent || 'null');
    if (data && Array.isArray(data.features)) return data;
    if (Array.isArray(data)) return { type: 'FeatureCollection', features: data };
    return { type: 'FeatureCollection', features: [] };
  }

  function roleOf(feature) {
    return (feature && feature.properties && feature.properties.role) || 'feature';
  }

  function colourOf(role) {
    return COLOURS[role] || DEFAULT_COLOUR;
  }

  function classFor(role, kind) {
    const safe = String(role).replace(/[^a-z0-9_-]/gi, '');
    return 'zt-' + kind + ' zt-' + kind + '-' + safe;
  }

  // Only same-site paths and http(s) links become hrefs.
  function safeUrl(url) {
    if (typeof url !== 'string') return '';
    return /^(\/(?![/\\])|https?:\/\/)/i.test(url) ? url : '';
  }

  // Leaflet sets a path's className when it is first drawn, so it is given here too.
  function shapeStyle(feature) {
    const role = roleOf(feature);
    const colour = colourOf(role);
    if (feature && feature.geometry && feature.geometry.type === 'Point') {
      return {
        className: classFor(role, 'marker'),
        color: '#ffffff', weight: 2, opacity: 1, fillColor: colour, fillOpacity: 0.9,
      };
    }
    const shape = { className: classFor(role, 'shape'), color: colour, opacity: 0.9, fillColor: colour };
    if (role === 'park') return Object.assign(shape, { weight: 1.5, fillOpacity: 0.2 });
    return Object.assign(shape, { weight: 2, fillOpacity: 0.08 });
  }

  function popupContent(props) {
    const box = document.createElement('div');
    box.className = 'zt-map-popup';
    const name = props.name || '';
    const url = safeUrl(props.url);
    const title = document.createElement(url ? 'a' : 'strong');
    if (url) title.setAttribute('href', url);
    title.textContent = name;
    box.appendChild(title);
    const meta = [props.kind, props.level, props.zone].filter(Boolean).join(' · ');
    if (meta) {
      const line = document.createElement('div');
      line.className = 'zt-map-popup-meta';
      line.textContent = meta;
      box.appendChild(line);
    }
    return box;
  }

  function bindInfo(feature, layer) {
    const props = (feature && feature.properties) || {};
    if (!props.name) return;
    const label = document.createElement('span');
    label.textContent = props.name;
    const isPoint = feature.geometry && feature.geometry.type === 'Point';
    layer.bindTooltip(label, isPoint ? { direction: 'top', offset: [0, -6] } : { sticky: true });
    // Bound after the tooltip (which also opens on click) so the popup replaces it.
    layer.bindPopup(popupContent(props));
    layer.on('popupopen', () => layer.closeTooltip());
  }

  function showEmpty(el, text) {
    if (!text) return;
    const note = document.createElement('div');
    note.className = 'zt-map-empty';
    note.setAttribute('role', 'status');
    note.textContent = text;
    el.appendChild(note);
  }

  function initMap(el) {
    if (el.ztMap || el.dataset.ztMapReady) return;
    el.dataset.ztMapReady = '1';
    const data = readFeatures(el);
    const tiles = (el.dataset.tiles || '').trim();

    const map = L.map(el, {
      preferCanvas: false,
      minZoom: 2,
      maxZoom: 18,
      zoomControl: false,
      // Leaflet's default prefix carries a flag; a government deployment shows no political
      // symbol, so the attribution names the library in plain text.
      attributionControl: false,
    });
    L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(map);
    el.ztMap = map;
    L.control
      .zoom({
        zoomInTitle: el.dataset.zoomInText || 'Zoom in',
        zoomOutTitle: el.dataset.zoomOutText || 'Zoom out',
      })
      .addTo(map);
    L.control.scale({ imperial: false }).addTo(map);

    if (tiles) {
      L.tileLayer(tiles, { attribution: el.dataset.attribution || '', maxZoom: 18 }).addTo(map);
    } else {
      el.classList.add('zt-map-plain');
    }

    const layer = L.geoJSON(null, {
      style: shapeStyle,
      pointToLayer(feature, latlng) {
        return L.circleMarker(latlng, Object.assign({ radius: 7 }, shapeStyle(feature)));
      },
      onEachFeature: bindInfo,
    });
    // One bad geometry must not hide the others.
    data.features.forEach((feature) => {
      try {
        layer.addData(feature);
      } catch (err) {
        console.warn('zonetrack map: feature skipped:', err && err.message); // eslint-disable-line no-console
      }
    });
    layer.addTo(map);
    // Points above the boundaries that contain them (features arrive zone by zone).
    map.whenReady(() => {
      layer.eachLayer((child) => {
        if (child instanceof L.CircleMarker) child.bringToFront();
      });
    });

    const bounds = layer.getBounds();
    if (bounds.isValid()) {
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        map.setView(bounds.getCenter(), 12);
      } else {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      }
    } else {
      map.setView(CHINA, CHINA_ZOOM);
      showEmpty(el, el.dataset.emptyText);
    }

    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => map.invalidateSize()).observe(el);
    }
  }

  function initAll(root) {
    if (typeof L === 'undefined') return;
    const scope = root && root.querySelectorAll ? root : document;
    const found = Array.from(scope.querySelectorAll('[data-zt-map]'));
    if (scope.matches && scope.matches('[data-zt-map]')) found.unshift(scope);
    if (!found.length) return;
    found.forEach((el) => {
      try {
        initMap(el);
      } catch (err) {
        console.error('zonetrack map:', err); // eslint-disable-line no-console
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => initAll(document));
  } else {
    initAll(document);
  }
  // Maps in content swapped in by htmx.
  document.addEventListener('htmx:load', (event) => initAll(event.detail && event.detail.elt));
})();
