/* zonetrack cockpit: the five batches (claimed and verified), investment and starts by line
 * against the time elapsed, and the zones as circles at their centres ([data-zt-cockpit-chart],
 * drawn with the vendored ECharts from the json_script named by data-source). Every text is a
 * label drawn in the SVG, never put in as HTML; nothing is fetched; nothing global.
 */
(function () {
  'use strict';

  const COLOURS = { red: '#d63939', amber: '#f59f00', green: '#2fb344', none: '#9ba9be' };

  function funnel(data) {
    const f = data.funnel;
    return {
      legend: { data: [data.labels.claimed, data.labels.verified] },
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: f.stages.slice().reverse() },
      series: [
        { name: data.labels.claimed, type: 'bar', data: f.claimed.slice().reverse(), itemStyle: { color: '#206bc4' }, label: { show: true, position: 'right' } },
        { name: data.labels.verified, type: 'bar', data: f.verified.slice().reverse(), itemStyle: { color: '#2fb344' }, label: { show: true, position: 'right' } },
      ],
    };
  }

  function lines(data) {
    const l = data.lines;
    return {
      legend: { data: [data.labels.invested, data.labels.started] },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: l.names, axisLabel: { interval: 0, rotate: l.names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: data.labels.invested, type: 'bar', data: l.invested, itemStyle: { color: '#206bc4' },
          markLine: { symbol: 'none', lineStyle: { color: '#d63939', type: 'dashed' }, label: { formatter: data.labels.elapsed + ' ' + l.elapsed + '%' }, data: [{ yAxis: l.elapsed }] },
        },
        { name: data.labels.started, type: 'bar', data: l.started, itemStyle: { color: '#f59f00' } },
      ],
    };
  }

  function map(data) {
    const zones = data.zones || [];
    const largest = Math.max(1, ...zones.map((z) => z.invested));
    return {
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      tooltip: { renderMode: 'richText', formatter: (p) => p.data.name + '\n' + Math.round(p.data.value[2]) + ' 万元 · ' + data.labels[p.data.status] },
      xAxis: { type: 'value', scale: true, show: false },
      yAxis: { type: 'value', scale: true, show: false },
      series: [{
        type: 'scatter',
        data: zones.map((z) => ({ name: z.name, value: [z.lng, z.lat, z.invested], status: z.status, url: z.url, itemStyle: { color: COLOURS[z.status] || COLOURS.none, opacity: 0.8 } })),
        symbolSize: (v) => 8 + 40 * Math.sqrt(Math.max(0, v[2]) / largest),
        label: { show: zones.length <= 30, formatter: (p) => p.data.name, position: 'right', fontSize: 10 },
      }],
    };
  }

  const KINDS = { funnel, lines, map };

  function draw(el) {
    const source = document.getElementById(el.dataset.source);
    const kind = KINDS[el.dataset.ztCockpitChart];
    if (!source || !kind || !window.echarts) return;
    const data = JSON.parse(source.textContent);
    if (el.dataset.url) {
      // The map's zones (with their targets' colours) come in a request of their own.
      fetch(el.dataset.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then((response) => (response.ok ? response.json() : { zones: [] }))
        .then((more) => { render(el, kind, Object.assign({}, data, more)); el.dataset.drawn = '1'; });
      return;
    }
    render(el, kind, data);
  }

  function render(el, kind, data) {
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(Object.assign({ animation: false, tooltip: { renderMode: 'richText' } }, kind(data)));
    if (el.dataset.ztCockpitChart === 'map') {
      chart.on('click', (p) => { if (p.data && p.data.url) window.location.assign(p.data.url); });
    }
    window.addEventListener('resize', () => chart.resize());
  }

  function start() {
    document.querySelectorAll('[data-zt-cockpit-chart]').forEach(draw);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
