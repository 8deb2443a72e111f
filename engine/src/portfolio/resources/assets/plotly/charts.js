/* Make the page's charts interactive with the site's own plotly.js, in the page's colour scheme.
 *
 * Each chart is a <figure class="portfolio-chart"> holding a placeholder of the chart's
 * height (.portfolio-plot) and the figure as JSON (<script type="application/json">), as
 * the portfolio package writes them; the post-render step puts the chart's first frame in
 * the placeholder (static SVG images drawn at build time, light and dark), so the chart is
 * seen before any script runs. plotly.js and the two templates (templates.json, written by
 * the pre-render step) are fetched once: when the reader reaches for a chart (pointer,
 * focus, tap), or when the page has been idle for IDLE_MS after it loaded; from then on
 * each chart is drawn as it nears the viewport. A chart is drawn under its frame, in a task
 * of its own, and the frame is removed once it is drawn: nothing moves. Quarto marks <body>
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
  var IDLE_MS = 3000;
  var REACH = ["pointerover", "pointerdown", "touchstart", "focusin"];
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
      plot.querySelectorAll(".portfolio-frame").forEach(function (frame) {
        frame.remove();
      });
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
    if (figure.dataset.portfolioDrawing) {
      return;
    }
    figure.dataset.portfolioDrawing = "true";
    load()
      .then(nextTask)
      .then(function () {
        return draw(figure);
      })
      .catch(function (error) {
        console.error("chart " + figure.dataset.chart + " not drawn: " + error.message);
      });
  }

  function drawNearViewport(figures) {
    if (!("IntersectionObserver" in window)) {
      figures.forEach(drawWhenLoaded);
      return;
    }
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

  function whenIdle(callback) {
    function idle() {
      if ("requestIdleCallback" in window) {
        window.requestIdleCallback(callback, { timeout: IDLE_MS });
      } else {
        callback();
      }
    }
    function later() {
      setTimeout(idle, IDLE_MS);
    }
    if (document.readyState === "complete") {
      later();
    } else {
      window.addEventListener("load", later, { once: true });
    }
  }

  function start() {
    var figures = document.querySelectorAll("figure.portfolio-chart");
    var started = false;
    function startAll() {
      if (!started) {
        started = true;
        drawNearViewport(figures);
      }
    }
    figures.forEach(function (figure) {
      function reach() {
        REACH.forEach(function (type) {
          figure.removeEventListener(type, reach);
        });
        drawWhenLoaded(figure);
        startAll();
      }
      REACH.forEach(function (type) {
        figure.addEventListener(type, reach, { passive: true });
      });
    });
    whenIdle(startAll);
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
