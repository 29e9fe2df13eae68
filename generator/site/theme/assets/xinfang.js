/* xinfang: progressive enhancements. Every page works without this file:
   the topic list is plain links, schedules are plain tables. */
(function () {
  "use strict";
  var root = document.documentElement;

  /* 大字 switch: a visible button in the header; the choice survives reloads. */
  function setupLargeText() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".xf-large-toggle")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "xf-large-toggle";
    button.textContent = "大字";
    button.setAttribute("aria-pressed", root.classList.contains("xf-large") ? "true" : "false");
    button.title = "放大或还原页面文字";
    button.addEventListener("click", function () {
      var on = root.classList.toggle("xf-large");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      try { localStorage.setItem("xf-large", on ? "1" : "0"); } catch (e) { /* private mode */ }
    });
    var search = header.querySelector(".md-search") || header.lastElementChild;
    header.insertBefore(button, search);
  }

  /* Topic finder: filter the list as the citizen types; Enter opens the first match. */
  function normalise(text) { return (text || "").toLowerCase().replace(/\s+/g, ""); }

  function setupFinder() {
    var input = document.getElementById("xf-finder-input");
    if (!input) return;
    var items = Array.prototype.slice.call(document.querySelectorAll(".xf-topic-list li"));
    var none = document.querySelector(".xf-finder-none");
    input.hidden = false;
    function matches(item, query) {
      var keys = (item.getAttribute("data-keys") || "").toLowerCase().split(" ");
      for (var i = 0; i < keys.length; i++) {
        if (!keys[i]) continue;
        if (keys[i].indexOf(query) !== -1) return true;
        if (keys[i].length >= 2 && query.indexOf(keys[i]) !== -1) return true;
      }
      return false;
    }
    function update() {
      var query = normalise(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var visible = !query || matches(item, query);
        item.hidden = !visible;
        if (visible) shown++;
      });
      if (none) none.hidden = shown > 0;
    }
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var first = items.filter(function (item) { return !item.hidden; })[0];
      if (first) { event.preventDefault(); first.querySelector("a").click(); }
    });
    update();
  }

  /* Schedule filter by unit (its rows carry the unit and its parents) and by topic. */
  function setupFilters() {
    Array.prototype.forEach.call(document.querySelectorAll(".xf-filter"), function (form) {
      var table = form.parentNode.querySelector("table.xf-sessions");
      if (!table) return;
      var rows = Array.prototype.slice.call(table.querySelectorAll("tr.xf-session"));
      var count = form.querySelector(".xf-filter-count");
      form.hidden = false;
      function update() {
        var unit = form.elements.unit.value;
        var topic = form.elements.topic.value;
        var shown = 0;
        rows.forEach(function (row) {
          var units = " " + row.getAttribute("data-units") + " ";
          var topics = " " + row.getAttribute("data-topics") + " ";
          var visible = (!unit || units.indexOf(" " + unit + " ") !== -1) &&
            (!topic || topics.indexOf(" " + topic + " ") !== -1 || topics.trim() === "");
          row.hidden = !visible;
          if (visible) shown++;
        });
        if (count) count.textContent = "共 " + shown + " 场";
      }
      form.addEventListener("change", update);
      update();
    });
  }

  function setupPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("button.xf-print"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* The theme's search dialog has no accessible name; screen readers announce it as 搜索. */
  function nameSearch() {
    var dialog = document.querySelector(".md-search");
    if (dialog && !dialog.getAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }

  function start() { nameSearch(); setupLargeText(); setupFinder(); setupFilters(); setupPrint(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
