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
    const group = L.featureGroup().addTo(map);
    if (data.zone && data.zone.boundary) {
      L.geoJSON(data.zone.boundary, {
        style: { color: '#206bc4', weight: 2, fillOpacity: 0.05 }, interactive: false,
      }).addTo(group);
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
    // --- Site photos (20-photos): where the newest monthly-report photos were taken
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
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
