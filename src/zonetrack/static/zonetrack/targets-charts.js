/* zonetrack targets charts: draws every [data-zt-target-chart] element with Apache ECharts.
 *
 * Markup (see templates/targets/indicator_history.html):
 *   <script type="application/json" id="ID">{chart data}</script>
 *   <div data-zt-target-chart="history" data-source="ID" data-empty-text="..."></div>
 *
 * "history" data: {months: [12 labels], unit, series: [{name: year, data: [12 figures or null]}]}.
 * Figures arrive as decimal strings and become numbers only to be drawn. Tooltips are drawn in
 * the SVG (renderMode 'richText'): the Content-Security-Policy refuses style attributes, and no
 * text is ever read as markup. Nothing is fetched; nothing is made global.
 */
(function () {
  'use strict';

  const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif';
  const MUTED = '#667382';
  const COLOURS = ['#c8d3e1', '#a6b8d0', '#7d98bd', '#4f78ad', '#206bc4'];

  function number(value) {
    if (value === null || value === undefined || value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }

  function format(value) {
    if (value === null || value === undefined) return '—';
    return value.toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });
  }

  function history(data, el) {
    const unit = data.unit || '';
    const series = (data.series || []).map((s, i, all) => ({
      name: s.name,
      type: 'line',
      data: (s.data || []).map(number),
      symbolSize: i === all.length - 1 ? 7 : 4,
      lineStyle: { width: i === all.length - 1 ? 3 : 1.5 },
      // A year with one month in is a point: show every symbol, not only where lines meet.
      showSymbol: true,
      showAllSymbol: true,
      connectNulls: false,
    }));
    const hasData = series.some((s) => s.data.some((v) => v !== null));
    const option = {
      animationDuration: 300,
      textStyle: { fontFamily: FONT },
      color: COLOURS.slice(-series.length),
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, textStyle: { color: MUTED } },
      tooltip: {
        trigger: 'axis',
        renderMode: 'richText',
        valueFormatter: (v) => (v === null || v === undefined ? '—' : `${format(v)} ${unit}`),
      },
      xAxis: { type: 'category', data: data.months || [], axisLabel: { color: MUTED } },
      yAxis: {
        type: 'value',
        name: unit,
        nameTextStyle: { color: MUTED },
        axisLabel: { color: MUTED, formatter: (v) => format(v) },
        splitLine: { lineStyle: { color: '#e6e7e9' } },
      },
      series: series,
    };
    if (!hasData && el.dataset.emptyText) {
      option.graphic = [{
        type: 'text', left: 'center', top: 'middle',
        style: { text: el.dataset.emptyText, fill: MUTED, font: `14px ${FONT}` },
      }];
    }
    return option;
  }

  const BUILDERS = { history: history };

  function draw(el) {
    const build = BUILDERS[el.dataset.ztTargetChart];
    const script = el.dataset.source ? document.getElementById(el.dataset.source) : null;
    if (!build || !script || typeof window.echarts === 'undefined' || el.ztChart) return;
    let data = null;
    try {
      data = JSON.parse(script.textContent || 'null');
    } catch (error) {
      return;
    }
    if (!data) return;
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(build(data, el));
    el.ztChart = chart;
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => chart.resize()).observe(el);
  }

  function drawAll() {
    document.querySelectorAll('[data-zt-target-chart]').forEach(draw);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
