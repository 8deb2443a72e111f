/* Re-theme the page's Plotly charts when Quarto switches between light and dark mode.
 *
 * Quarto marks <body> with the class quarto-light or quarto-dark. The two Plotly
 * templates are embedded by the portfolio package as JSON in
 * <script type="application/json" id="portfolio-plotly-templates">. Charts are drawn
 * with the light template; this script applies the right one at load and on every
 * toggle (a MutationObserver on the body's class attribute).
 */
(function () {
  "use strict";

  var templates = null;

  function loadTemplates() {
    if (templates === null) {
      var element = document.getElementById("portfolio-plotly-templates");
      templates = element ? JSON.parse(element.textContent) : {};
    }
    return templates;
  }

  function currentMode() {
    return document.body.classList.contains("quarto-dark") ? "dark" : "light";
  }

  function applyTheme() {
    var template = loadTemplates()[currentMode()];
    if (!template || !window.Plotly) {
      return;
    }
    document.querySelectorAll(".js-plotly-plot").forEach(function (chart) {
      if ((chart.dataset.portfolioTheme || "light") !== currentMode()) {
        chart.dataset.portfolioTheme = currentMode();
        window.Plotly.relayout(chart, { template: template });
      }
    });
  }

  function start() {
    applyTheme();
    new MutationObserver(applyTheme).observe(document.body, {
      attributes: true,
      attributeFilter: ["class"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
