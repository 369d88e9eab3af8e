/* zonetrack charts: draws every [data-zt-chart] element with Apache ECharts.
 *
 * Markup (see templates/projects/project_detail.html):
 *   <script type="application/json" id="ID">{chart data}</script>
 *   <div data-zt-chart="plan-actual" data-source="ID" data-empty-text="..."></div>
 *
 * "plan-actual" data: {year, months: [12 labels], invested: [12 amounts or null],
 * cumulative: [12 amounts or null], plan: amount or null, labels: {invested, cumulative,
 * plan, unit}}. Amounts arrive as decimal strings and become numbers only to be drawn.
 * Every text is drawn in the SVG (tooltips too, renderMode 'richText'), never put in as HTML.
 * Nothing is fetched from the network. Plain ES2017, no build step; nothing is made global.
 * Each chart element gets its ECharts instance as `element.ztChart`.
 */
(function () {
  'use strict';

  const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, -apple-system, "Segoe UI", sans-serif';
  const BLUE = '#206bc4'; // Tabler blue
  const GREEN = '#2fb344'; // Tabler green
  const RED = '#d63939'; // Tabler red
  const MUTED = '#667382';

  function number(value) {
    if (value === null || value === undefined || value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }

  function format(value) {
    if (value === null || value === undefined) return '—';
    return value.toLocaleString(document.documentElement.lang || undefined, {
      maximumFractionDigits: 2,
    });
  }

  function planActual(data, el) {
    const labels = data.labels || {};
    const unit = labels.unit || '';
    const invested = (data.invested || []).map(number);
    const cumulative = (data.cumulative || []).map(number);
    const plan = number(data.plan);
    const hasData = invested.some((v) => v !== null) || plan !== null;
    const series = [
      {
        name: labels.invested,
        type: 'bar',
        data: invested,
        barMaxWidth: 28,
        itemStyle: { color: BLUE, borderRadius: [2, 2, 0, 0] },
      },
      {
        name: labels.cumulative,
        type: 'line',
        data: cumulative,
        symbolSize: 6,
        lineStyle: { width: 2, color: GREEN },
        itemStyle: { color: GREEN },
        connectNulls: false,
      },
    ];
    if (plan !== null) {
      series[1].markLine = {
        silent: true,
        symbol: 'none',
        lineStyle: { color: RED, type: 'dashed', width: 1.5 },
        label: {
          position: 'insideEndTop',
          color: RED,
          formatter: () => `${labels.plan} ${format(plan)} ${unit}`,
        },
        data: [{ yAxis: plan, name: labels.plan }],
      };
    }
    const option = {
      animationDuration: 300,
      textStyle: { fontFamily: FONT },
      color: [BLUE, GREEN, RED],
      grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        itemWidth: 14,
        itemHeight: 10,
        textStyle: { color: MUTED },
        data: [labels.invested, labels.cumulative],
      },
      tooltip: {
        trigger: 'axis',
        // Drawn inside the chart's SVG, not as HTML: ECharts' HTML tooltip writes style
        // attributes, which the Content-Security-Policy refuses, and no text of a chart can
        // ever be read as markup.
        renderMode: 'richText',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => (value === null || value === undefined ? '—' : `${format(value)} ${unit}`),
      },
      xAxis: {
        type: 'category',
        data: data.months || [],
        axisTick: { alignWithLabel: true },
        axisLabel: { color: MUTED },
      },
      yAxis: {
        type: 'value',
        name: unit,
        nameTextStyle: { color: MUTED, align: 'right', padding: [0, 4, 4, 0] },
        axisLabel: { color: MUTED, formatter: (v) => format(v) },
        splitLine: { lineStyle: { color: '#e6e7e9' } },
        // Leave room for the plan line even when the year has barely begun.
        max: plan !== null ? (extent) => Math.ceil(Math.max(extent.max, plan) * 1.1) : null,
      },
      series: series,
    };
    if (!hasData && el.dataset.emptyText) {
      option.graphic = [
        {
          type: 'text',
          left: 'center',
          top: 'middle',
          style: { text: el.dataset.emptyText, fill: MUTED, font: `14px ${FONT}` },
        },
      ];
    }
    return option;
  }

  const BUILDERS = { 'plan-actual': planActual };

  function readData(el) {
    const script = el.dataset.source ? document.getElementById(el.dataset.source) : null;
    if (!script) return null;
    try {
      return JSON.parse(script.textContent || 'null');
    } catch (error) {
      return null;
    }
  }

  function draw(el) {
    const build = BUILDERS[el.dataset.ztChart];
    const data = readData(el);
    if (!build || !data || typeof window.echarts === 'undefined' || el.ztChart) return;
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(build(data, el));
    el.ztChart = chart;
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => chart.resize()).observe(el);
    } else {
      window.addEventListener('resize', () => chart.resize());
    }
  }

  function drawAll() {
    document.querySelectorAll('[data-zt-chart]').forEach(draw);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
