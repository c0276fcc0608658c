// LEAD Ops reports: draws each <canvas data-chart="id"> from the JSON in the
// <script type="application/json" id="id"> that json_script wrote (no inline
// script: CSP). The table under each chart holds the same numbers.
"use strict";

(function () {
  const palette = ["#1f3a5f", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#5b7083", "#b8860b", "#117a8b"];

  function configure(config) {
    const options = config.options || {};
    const horizontal = Boolean(options.horizontal);
    const stacked = Boolean(options.stacked);
    const percent = Boolean(options.percent);
    const round = config.type === "doughnut" || config.type === "pie";
    config.data.datasets.forEach((dataset, index) => {
      const colour = palette[index % palette.length];
      if (round) {
        dataset.backgroundColor = dataset.data.map((_, i) => palette[i % palette.length]);
      } else {
        dataset.backgroundColor = dataset.type === "line" ? colour : colour + "cc";
        dataset.borderColor = colour;
        dataset.borderWidth = dataset.type === "line" || config.type === "line" ? 2 : 1;
      }
    });
    const scales = {};
    if (!round) {
      const value = { beginAtZero: true, stacked: stacked, ticks: { precision: 0 } };
      if (percent) {
        value.max = 100;
        value.ticks = { callback: (tick) => tick + "%" };
      }
      const category = { stacked: stacked };
      scales[horizontal ? "x" : "y"] = value;
      scales[horizontal ? "y" : "x"] = category;
    }
    return {
      type: config.type,
      data: config.data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 300 },
        plugins: { legend: { display: config.data.datasets.length > 1 || round } },
        scales: scales,
      },
    };
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    const existing = window.Chart.getChart(canvas);
    if (existing) {
      existing.destroy();
    }
    new window.Chart(canvas, configure(JSON.parse(source.textContent)));
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => drawAll(document));
  } else {
    drawAll(document);
  }
})();
