/* The research page's papers: search by title, filter by venue, sort. The page lists every
   paper grouped by year without this script; it shows the form (its space is kept from the
   first paint) and hides what does not match (a year whose papers are all hidden hides too).
   Text is read from the page, never written into it as HTML. */
(function () {
  var form = document.querySelector(".paper-filter");
  var box = form && form.parentElement; /* the papers' section, holding a section per year */
  var groups = box ? Array.prototype.slice.call(box.querySelectorAll("section.paper-group")) : [];
  if (!groups.length) return;
  var end = groups[groups.length - 1].nextSibling; /* what follows the groups stays after */
  var query = form.querySelector("#paper-query");
  var venue = form.querySelector("#paper-venue");
  var sort = form.querySelector("#paper-sort");
  var status = form.querySelector("#paper-count");
  var items = Array.prototype.slice.call(box.querySelectorAll("section.paper-group li"));
  var papers = 0;
  items.forEach(function (item, index) {
    var mark = item.querySelector("[data-venue]");
    var title = item.querySelector(".paper-title");
    item.paperOrder = index;
    item.paperVenue = mark ? mark.getAttribute("data-venue") : null;
    item.paperTitle = title ? title.textContent.toLowerCase() : "";
    if (mark) papers += 1;
  });

  function matches(item, words, chosen) {
    if (item.paperVenue === null) return !words && !chosen; /* under review: no title */
    return item.paperTitle.indexOf(words) >= 0 && (!chosen || item.paperVenue === chosen);
  }

  function filter() {
    var words = query.value.trim().toLowerCase();
    var shown = 0;
    groups.forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("li").forEach(function (item) {
        var match = matches(item, words, venue.value);
        item.hidden = !match;
        visible += match;
        shown += match && item.paperVenue !== null;
      });
      group.hidden = !visible;
    });
    status.textContent = shown === papers ? papers + (papers === 1 ? " paper" : " papers")
      : "Showing " + shown + " of " + papers + " papers";
  }

  function byOrder(a, b) { return a.paperOrder - b.paperOrder; }
  function byTitle(a, b) { return a.paperTitle.localeCompare(b.paperTitle) || byOrder(a, b); }

  function order() {
    var oldest = sort.value === "old";
    (oldest ? groups.slice().reverse() : groups).forEach(function (group) {
      box.insertBefore(group, end);
      var list = group.querySelector("ol, ul");
      if (!list) return;
      var entries = Array.prototype.slice.call(list.children);
      entries.sort(sort.value === "title" ? byTitle : byOrder);
      if (oldest) entries.reverse();
      entries.forEach(function (entry) { list.appendChild(entry); });
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  query.addEventListener("input", filter);
  venue.addEventListener("change", filter);
  sort.addEventListener("change", order);
  form.removeAttribute("data-pending");
  filter();
})();
