/* The battle map (挂图作战): a zone's projects on Leaflet, filled by stage, ringed red when
 * late or blocked; a click opens the project's summary. Without a tile URL nothing is fetched
 * from the network (the same offline rule as zonetrack/map.js). Plain ES2017, no build step.
 *
 * Markup: <script type="application/json" id="battle-data">{GeoJSON + zone}</script>
 *         <div id="battle-map" data-tiles="" data-attribution=""></div>
 *         <script type="application/json" id="battle-labels">{...}</script>
 *
 * Record text (a project's name, its stage) reaches the page only as text nodes: Leaflet reads
 * a string given to a tooltip or popup as HTML, so both get DOM nodes built here.
 *
 * The zone's boundary and its parks' outlines (as the registry stores them) are drawn under
 * the projects with their names as labels. [data-fullscreen] asks the browser for the whole
 * screen (the big-screen view); [data-print] prints (the print view), the map first fitted
 * to the paper's width.
 */
(function () {
  'use strict';

  const STAGE_COLOURS = {
    pursued: '#9ba9be', packaged: '#ae3ec9', signed: '#206bc4', started: '#f76707',
    in_production: '#2fb344', at_capacity: '#0ca678', terminated: '#d63939',
  };
  const RING = { red: '#d63939', yellow: '#f59f00', green: '#2fb344' };

  function safeUrl(url) {
    return typeof url === 'string' && /^\/(?![/\\])/.test(url) ? url : '';
  }

  // A span holding the text as text: Leaflet inserts a string tooltip as HTML.
  function textNode(text) {
    const span = document.createElement('span');
    span.textContent = text === null || text === undefined ? '' : String(text);
    return span;
  }

  // A name written on the map (a zone, a park, a city or county): a marker holding the text
  // as a text node, not a tooltip (it is always shown, and is no tooltip to assistive tools).
  function nameLabel(latlng, text, className, pane) {
    const span = textNode(text);
    span.className = 'zt-map-label ' + className;
    const icon = L.divIcon({ html: span, className: 'zt-map-label-anchor', iconSize: null });
    return L.marker(latlng, {
      icon, interactive: false, keyboard: false, pane: pane || 'zt-labels',
    });
  }

  function popup(props, labels) {
    const box = document.createElement('div');
    box.className = 'zt-battle-popup';
    box.dataset.project = props.id;
    const title = document.createElement('a');
    title.href = safeUrl(props.url);
    title.className = 'zt-battle-popup-title';
    title.textContent = props.name || '';
    box.appendChild(title);
    const rows = [
      [labels.stage, props.stage_label],
      [labels.colour, labels[props.colour] || props.colour],
      [labels.problems, props.open_problems + ' / ' + props.overdue_problems],
    ];
    if (props.investment_wan) rows.push([labels.investment, props.investment_wan]);
    if (props.approximate) rows.push([labels.approximate, '✓']);
    rows.forEach(([k, v]) => {
      const line = document.createElement('div');
      line.className = 'small';
      line.textContent = k + ': ' + v;
      box.appendChild(line);
    });
    return box;
  }

  function init() {
    const el = document.getElementById('battle-map');
    const script = document.getElementById('battle-data');
    if (!el || !script || typeof L === 'undefined') return;
    const data = JSON.parse(script.textContent || '{}');
    const labelScript = document.getElementById('battle-labels');
    const labels = JSON.parse((labelScript && labelScript.textContent) || '{}');
    // No flag in the attribution (Leaflet's default prefix has one): the library in plain text.
    const map = L.map(el, { minZoom: 2, maxZoom: 18, attributionControl: false });
    L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addTo(map);
    el.ztMap = map;
    const tiles = (el.dataset.tiles || '').trim();
    if (tiles) {
      L.tileLayer(tiles, { attribution: el.dataset.attribution || '' }).addTo(map);
    } else {
      el.classList.add('zt-map-plain');
    }
    // Names above the outlines and under the popups; clicks go through them to the projects.
    map.createPane('zt-labels').style.zIndex = 450;
    drawOutlines(map);
    watchZoom(map);
    const group = L.featureGroup().addTo(map);
    (data.parks || []).forEach((park) => {
      try {
        const outline = L.geoJSON(park, {
          style: { color: '#2fb344', weight: 1.5, fillOpacity: 0.12, className: 'zt-park-outline' },
          interactive: false,
        }).addTo(group);
        const box = outline.getBounds();
        if (box.isValid()) {
          nameLabel(box.getCenter(), park.properties && park.properties.name, 'zt-park-label')
            .addTo(map);
        }
      } catch (err) {
        console.warn('zonetrack battle map: park outline skipped:', err && err.message); // eslint-disable-line no-console
      }
    });
    if (data.zone && data.zone.boundary) {
      const boundary = L.geoJSON(data.zone.boundary, {
        style: { color: '#206bc4', weight: 2, fillOpacity: 0.05, className: 'zt-zone-outline' },
        interactive: false,
      }).addTo(group);
      // The zone's name above its boundary, where the projects inside do not cover it.
      const box = boundary.getBounds();
      if (box.isValid()) {
        nameLabel([box.getNorth(), box.getCenter().lng], data.zone.name, 'zt-zone-label')
          .addTo(map);
      }
    }
    L.geoJSON(data, {
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 9 }),
      style: (feature) => {
        const p = feature.properties || {};
        return {
          className: 'zt-battle-project zt-colour-' + p.colour + (p.highlight ? ' zt-highlight' : ''),
          fillColor: STAGE_COLOURS[p.stage] || '#667382',
          fillOpacity: 0.85,
          color: p.highlight ? RING.red : (p.approximate ? '#667382' : '#ffffff'),
          weight: p.highlight ? 4 : 2,
          dashArray: p.approximate ? '3 3' : null,
        };
      },
      onEachFeature: (feature, layer) => {
        const p = feature.properties || {};
        layer.bindTooltip(textNode(p.name));
        layer.bindPopup(popup(p, labels));
        if (layer.getElement && layer.getElement()) layer.getElement().dataset.project = p.id;
        layer.on('add', () => {
          const node = layer.getElement && layer.getElement();
          if (node) node.setAttribute('data-project', p.id);
        });
      },
    }).addTo(group);
    const bounds = group.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.2), { maxZoom: 15 });
    } else if (data.zone && data.zone.center) {
      map.setView(data.zone.center, 12);
    } else {
      map.setView([35, 105], 4);
    }
    group.eachLayer((layer) => {
      if (layer.feature && layer.getElement && layer.getElement()) {
        layer.getElement().setAttribute('data-project', layer.feature.properties.id);
      }
    });
    // --- Site photos: where the newest monthly-report photos were taken
    // (data.photos from dispatch.selectors.maps), as small dashed markers that do not move the
    // view; a click shows the photo, its project and its time. Additive: nothing above reads it.
    const photoLayer = L.layerGroup().addTo(map);
    (Array.isArray(data.photos) ? data.photos : []).forEach((photo) => {
      if (typeof photo.lat !== 'number' || typeof photo.lng !== 'number') return;
      const marker = L.circleMarker([photo.lat, photo.lng], {
        radius: 5, className: 'zt-marker-photo', color: '#1d273b', weight: 1.5,
        fillColor: '#ffffff', fillOpacity: 1,
      });
      const box = document.createElement('div');
      box.className = 'zt-battle-photo';
      const link = document.createElement('a');
      link.href = safeUrl(photo.url);
      link.target = '_blank';
      link.rel = 'noopener';
      const img = document.createElement('img');
      img.src = safeUrl(photo.url);
      img.alt = photo.name || '';
      img.width = 160;
      img.loading = 'lazy';
      link.appendChild(img);
      box.appendChild(link);
      const title = document.createElement('a');
      title.href = safeUrl('/projects/' + Number(photo.project) + '/#reports');
      title.textContent = photo.name || '';
      box.appendChild(title);
      box.appendChild(textNode(' · ' + (photo.taken_at || '')));
      marker.bindTooltip(textNode((photo.name || '') + ' · ' + (photo.taken_at || '')));
      marker.bindPopup(box);
      marker.on('add', () => {
        const node = marker.getElement && marker.getElement();
        if (node) node.setAttribute('data-photo', photo.id);
      });
      marker.addTo(photoLayer);
    });
    // --- end of site photos

    el.dataset.ready = '1';
    window.addEventListener('beforeprint', () => {
      map.invalidateSize();
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.1), { maxZoom: 15, animate: false });
    });
  }

  // The province's city and county outlines (loaded by `zonetrack outlines`), under all else:
  // lines only, city names always, county names once zoomed in (CSS hides them further out).
  function drawOutlines(map) {
    const script = document.getElementById('battle-outlines');
    if (!script) return;
    const outlines = JSON.parse(script.textContent || 'null');
    if (!outlines || !Array.isArray(outlines.features)) return;
    map.createPane('zt-outlines').style.zIndex = 350;
    L.geoJSON(outlines, {
      pane: 'zt-outlines',
      interactive: false,
      style: (feature) => {
        const city = feature.properties && feature.properties.level === 'city';
        return {
          className: 'zt-region-outline zt-region-' + (city ? 'city' : 'county'),
          color: city ? '#6b7a90' : '#9aa8bd',
          weight: city ? 1.6 : 0.8,
          dashArray: city ? null : '4 3',
          fill: false,
        };
      },
    }).addTo(map);
    outlines.features.forEach((feature) => {
      const p = feature.properties || {};
      if (!Array.isArray(p.label)) return;
      const level = p.level === 'city' ? 'city' : 'county';
      nameLabel(p.label, p.name, 'zt-region-label zt-region-label-' + level, 'zt-outlines')
        .addTo(map);
    });
  }

  // Names that would crowd the map when zoomed out are hidden by CSS: county names below
  // zoom 10, park names below 12.
  function watchZoom(map) {
    const box = map.getContainer();
    const mark = () => {
      box.classList.toggle('zt-zoom-far', map.getZoom() < 10);
      box.classList.toggle('zt-zoom-mid', map.getZoom() < 12);
    };
    map.on('zoomend', mark);
    map.whenReady(mark);
  }

  function bindButtons() {
    document.querySelectorAll('[data-fullscreen]').forEach((button) => {
      if (!document.fullscreenEnabled) {
        button.hidden = true;
        return;
      }
      button.addEventListener('click', () => {
        if (document.fullscreenElement) document.exitFullscreen();
        else document.documentElement.requestFullscreen();
      });
    });
    document.querySelectorAll('[data-print]').forEach((button) => {
      button.addEventListener('click', () => window.print());
    });
  }

  function start() {
    bindButtons();
    init();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
