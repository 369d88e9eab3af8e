/* zonetrack rankings: the 龙虎榜 bar chart ([data-zt-ranking-chart], drawn with the vendored
 * ECharts from a json_script of {names, totals, label}) and the scheme editor's live sum of
 * weights ([data-zt-weight-sum], summing the item grid's weight inputs as they are typed).
 * Every text is drawn in the SVG, never put in as HTML; nothing is fetched; nothing global.
 */
(function () {
  'use strict';

  function drawChart(el) {
    const source = document.getElementById(el.dataset.source);
    if (!source || !window.echarts) return;
    const data = JSON.parse(source.textContent);
    const names = (data.names || []).slice().reverse();
    const totals = (data.totals || []).map(Number).reverse();
    // The height follows the number of organisations (set here: inline styles are not allowed).
    el.style.height = Math.max(220, 28 * Number(el.dataset.rows || names.length)) + 'px';
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'value', min: 0 },
      yAxis: { type: 'category', data: names },
      series: [{
        name: data.label,
        type: 'bar',
        data: totals,
        barMaxWidth: 18,
        itemStyle: { color: '#206bc4' },
        label: { show: true, position: 'right', formatter: (p) => p.value.toFixed(2) },
      }],
    });
    el.ztChart = chart;
    window.addEventListener('resize', () => chart.resize());
  }

  function weightSum(out) {
    const form = out.closest('form');
    function update() {
      let total = 0;
      let rules = {};
      form.querySelectorAll('select[name$="-rule"]').forEach((s) => { rules[s.name.replace(/-rule$/, '')] = s.value; });
      form.querySelectorAll('input[name$="-weight"]').forEach((input) => {
        const prefix = input.name.replace(/-weight$/, '');
        const rule = rules[prefix];
        const nameInput = form.querySelector('input[name="' + prefix + '-name"]');
        if (rule === 'bonus' || rule === 'deduction' || rule === 'veto') return;
        if (nameInput && !nameInput.value.trim()) return;
        const n = Number(input.value);
        if (Number.isFinite(n)) total += n;
      });
      out.textContent = (Math.round(total * 100) / 100).toString();
      out.classList.toggle('text-red', Math.abs(total - 100) > 0.001);
      out.classList.toggle('text-green', Math.abs(total - 100) <= 0.001);
    }
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    update();
  }

  function start() {
    document.querySelectorAll('[data-zt-ranking-chart]').forEach(drawChart);
    document.querySelectorAll('[data-zt-weight-sum]').forEach(weightSum);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
