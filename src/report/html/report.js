// The report's filters: "failed only" and a search over files, entries and requests. Their
// state lives in the URL's fragment (#failed, #q=text, #failed&q=text), so a link or a reload
// keeps it. Rows are shown and hidden with the `hidden` attribute.
(function () {
  "use strict";
  var failedOnly = document.getElementById("failed-only");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody.entry"));
  var heads = Array.prototype.slice.call(document.querySelectorAll("tbody.file-head"));

  function readHash() {
    var failed = false;
    var query = "";
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (part === "failed") {
        failed = true;
      } else if (part.indexOf("q=") === 0) {
        try {
          query = decodeURIComponent(part.slice(2));
        } catch (e) {
          query = part.slice(2);
        }
      }
    });
    failedOnly.checked = failed;
    search.value = query;
  }

  function writeHash() {
    var parts = [];
    if (failedOnly.checked) parts.push("failed");
    if (search.value) parts.push("q=" + encodeURIComponent(search.value));
    var url = parts.length ? "#" + parts.join("&") : location.pathname + location.search;
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      // Some browsers refuse replaceState on file: URLs; the filter still works.
    }
  }

  function apply() {
    var query = search.value.trim().toLowerCase();
    var count = 0;
    var files = {};
    rows.forEach(function (row) {
      var outcome = row.getAttribute("data-outcome");
      var failing = outcome === "failed" || outcome === "errored";
      var show = (!failedOnly.checked || failing) &&
        (query === "" || row.getAttribute("data-search").indexOf(query) !== -1);
      row.hidden = !show;
      if (show) {
        count += 1;
        files[row.getAttribute("data-file")] = true;
      }
    });
    heads.forEach(function (head) {
      head.hidden = !files[head.getAttribute("data-file")];
    });
    shown.textContent = "showing " + count + " of " + rows.length;
    shown.setAttribute("data-shown", String(count));
    document.body.setAttribute("data-filter", failedOnly.checked ? "failed" : "all");
    document.body.setAttribute("data-query", query);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.toggle") : null;
    if (!button) return;
    var detail = document.getElementById(button.getAttribute("aria-controls"));
    if (!detail) return;
    detail.hidden = !detail.hidden;
    button.setAttribute("aria-expanded", String(!detail.hidden));
  });
  failedOnly.addEventListener("change", function () { apply(); writeHash(); });
  search.addEventListener("input", function () { apply(); writeHash(); });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  readHash();
  apply();
})();
