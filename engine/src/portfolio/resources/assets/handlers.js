/* Quarto's inline event handlers (dark-mode toggle, navbar toggler, back to top, a listing's
   sort and categories), which the post-render step turned into data-portfolio-click and
   data-portfolio-change attributes (portfolio.build.pagescripts): the page's
   Content-Security-Policy then needs no 'unsafe-hashes'. Each action does what Quarto's
   handler did. */
(function () {
  var actions = {
    "toggle-headroom": function () {
      if (window.quartoToggleHeadroom) window.quartoToggleHeadroom();
    },
    "toggle-color-scheme": function (element, event) {
      event.preventDefault();
      window.quartoToggleColorScheme();
    },
    "back-to-top": function (element, event) {
      event.preventDefault();
      window.scrollTo(0, 0);
    },
    "listing-category": function (element, event, argument) {
      event.preventDefault();
      window.quartoListingCategory(argument);
    },
    "listing-sort": function (element, event, argument) {
      var option = element.options[element.selectedIndex];
      window["quarto-listings"][argument].sort(option.value, {
        order: option.getAttribute("data-direction")
      });
    },
    "sort-direction": function (element, event) {
      event.preventDefault();
      var ascending = element.classList.contains("sort-asc");
      element.classList.toggle("sort-desc", ascending);
      element.classList.toggle("sort-asc", !ascending);
    }
  };
  ["click", "change"].forEach(function (type) {
    var attribute = "data-portfolio-" + type;
    document.addEventListener(type, function (event) {
      var element = event.target.closest && event.target.closest("[" + attribute + "]");
      var action = element && actions[element.getAttribute(attribute)];
      if (action) action(element, event, element.getAttribute("data-portfolio-arg"));
    });
  });
})();
