/* Draw the page's charts with the site's own plotly.js, in the page's colour scheme.
 *
 * Each chart is a <figure class="portfolio-chart"> holding a placeholder of the chart's
 * height (.portfolio-plot) and the figure as JSON (<script type="application/json">), as
 * the portfolio package writes them. plotly.js and the two templates (templates.json,
 * written by the pre-render step) are fetched once, when the first chart nears the
 * viewport, so nothing blocks the first paint; each chart is then drawn in a task of its
 * own, so a tap can be handled between loading plotly.js and drawing. Quarto marks <body>
 * with quarto-light or quarto-dark; a MutationObserver re-themes the drawn charts on every
 * toggle. A point whose id has an entry in the figure's "links" opens that page on a click
 * or tap, and the pointer is a hand over it.
 */
(function () {
  "use strict";
  if (window.portfolioCharts) {
    return;
  }
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  var ready = null;
  var templates = {};

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("could not load " + src));
      };
      document.head.appendChild(script);
    });
  }

  function load() {
    if (ready === null) {
      ready = Promise.all([
        window.Plotly ? null : loadScript(base + "plotly-basic.min.js"),
        fetch(base + "templates.json").then(function (response) {
          return response.json();
        }),
      ]).then(function (loaded) {
        templates = loaded[1];
      });
    }
    return ready;
  }

  function mode() {
    return document.body.classList.contains("quarto-dark") ? "dark" : "light";
  }

  function pointLink(links, event) {
    var point = event && event.points && event.points[0];
    var ids = point && point.data && point.data.ids;
    return ids ? links[ids[point.pointNumber]] : undefined;
  }

  function linkPoints(plot, links) {
    plot.on("plotly_click", function (event) {
      var href = pointLink(links, event);
      if (href) {
        window.location.href = href;
      }
    });
    plot.on("plotly_hover", function (event) {
      var layer = plot.querySelector(".nsewdrag");
      if (layer) {
        layer.style.cursor = pointLink(links, event) ? "pointer" : "";
      }
    });
    plot.on("plotly_unhover", function () {
      var layer = plot.querySelector(".nsewdrag");
      if (layer) {
        layer.style.cursor = "";
      }
    });
  }

  function draw(figure) {
    var plot = figure.querySelector(".portfolio-plot");
    var spec = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
    spec.layout.template = templates[mode()];
    plot.dataset.portfolioTheme = mode();
    return window.Plotly.newPlot(plot, spec.data, spec.layout, spec.config).then(function () {
      linkPoints(plot, spec.links || {});
    });
  }

  function retheme() {
    document.querySelectorAll(".portfolio-plot.js-plotly-plot").forEach(function (plot) {
      if (plot.dataset.portfolioTheme !== mode()) {
        plot.dataset.portfolioTheme = mode();
        window.Plotly.relayout(plot, { template: templates[mode()] });
      }
    });
  }

  function nextTask() {
    return new Promise(function (resolve) {
      setTimeout(resolve, 0);
    });
  }

  function drawWhenLoaded(figure) {
    load()
      .then(nextTask)
      .then(function () {
        return draw(figure);
      })
      .catch(function (error) {
        console.error("chart " + figure.dataset.chart + " not drawn: " + error.message);
      });
  }

  function start() {
    var figures = document.querySelectorAll("figure.portfolio-chart");
    if (!("IntersectionObserver" in window)) {
      figures.forEach(drawWhenLoaded);
    } else {
      var observer = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting) {
              observer.unobserve(entry.target);
              drawWhenLoaded(entry.target);
            }
          });
        },
        { rootMargin: "300px 0px" }
      );
      figures.forEach(function (figure) {
        observer.observe(figure);
      });
    }
    new MutationObserver(retheme).observe(document.body, {
      attributes: true,
      attributeFilter: ["class"],
    });
  }

  window.portfolioCharts = { load: load };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
