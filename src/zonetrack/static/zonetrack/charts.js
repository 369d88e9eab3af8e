/* zonetrack charts: draws every [data-zt-chart] element with Apache ECharts.
 *
 * Markup (see templates/projects/project_detail.html):
 *   <script type="application/json" id="ID">{chart data}</script>
 *   <div data-zt-chart="plan-actual" data-source="ID" data-empty-text="..."></div>
 *
 * "plan-actual" data: {year, months: [12 labels], invested: [12 amounts or null],
 * cumulative: [12 amounts or null], plan: amount or null, labels: {invested, cumulative,
 * plan, unit}}. Amounts arrive as decimal strings and become numbers only to be drawn.
 * "chain-tree" data: an industry chain as a tree {name, children: [{name, children: [link]}],
 * states: {state: label}}, each link {id, name, state, stateLabel, firms, url, children};
 * links are coloured by state, and a click on one opens its panel (`data-panel`: the id
 * of the element its page is loaded into, by htmx when present, else the page is opened).
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

  const STATE_COLOURS = { strong: GREEN, weak: '#f59f00', gap: RED };

  function chainTree(data) {
    function dress(node) {
      const colour = STATE_COLOURS[node.state];
      const out = { name: node.name, url: node.url, state: node.state, stateLabel: node.stateLabel, firms: node.firms };
      if (colour) {
        out.itemStyle = { color: colour, borderColor: colour };
        out.symbolSize = 14;
        out.label = { backgroundColor: '#fff', borderColor: colour, borderWidth: 1, borderRadius: 3, padding: [3, 6] };
      } else {
        out.itemStyle = { color: MUTED, borderColor: MUTED };
        out.label = { fontWeight: 'bold' };
      }
      out.children = (node.children || []).map(dress);
      return out;
    }
    const root = dress({ name: data.name, children: data.children || [] });
    return {
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: 'item',
        renderMode: 'richText',
        formatter: (p) => (p.data && p.data.stateLabel ? p.name + '：' + p.data.stateLabel : p.name),
      },
      series: [
        {
          type: 'tree',
          data: [root],
          orient: 'LR',
          top: 10,
          bottom: 10,
          left: 90,
          right: 190,
          symbol: 'circle',
          symbolSize: 10,
          initialTreeDepth: -1,
          expandAndCollapse: false,
          label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 13 },
          leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
          lineStyle: { color: '#c8d3e1', width: 1.5, curveness: 0.5 },
          emphasis: { focus: 'ancestor' },
          animation: false,
        },
      ],
    };
  }

  const BUILDERS = { 'plan-actual': planActual, 'chain-tree': chainTree };

  // A click on a drawn item with an address opens it: into the panel when the chart names one.
  function follow(el, params) {
    const url = params && params.data && params.data.url;
    if (!url) return;
    const panel = el.dataset.panel ? document.getElementById(el.dataset.panel) : null;
    if (panel && window.htmx) {
      window.htmx.ajax('GET', url, { target: panel, swap: 'innerHTML' });
    } else {
      window.location.assign(url);
    }
  }

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
    chart.on('click', (params) => follow(el, params));
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
