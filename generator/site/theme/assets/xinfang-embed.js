/* xinfang: a portal widget (/embed/…) stays true on the day it is read.
   The page carries the sessions from its build day on, each with its date, and shows without
   scripts what it showed on that day.  Here the reader's day decides, by the same rule as the
   build: the rest of this week (month), or the next one when nothing is left in this one; and
   past the last day the page carries, it says the later schedule is not published yet.
   What the widget shares with the site's pages (a suspension hidden once it is over) is left
   to xinfang-today.js, loaded beside this file: this one only picks the widget's period. */
(function () {
  "use strict";
  var body = document.body;
  var week = body.getAttribute("data-period") === "week";
  function pad(n) { return ("0" + n).slice(-2); }
  function iso(day) { return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate()); }
  function label(day) { return (day.getMonth() + 1) + "月" + day.getDate() + "日"; }
  function period(day) {
    if (week) {
      var monday = new Date(day); monday.setDate(day.getDate() - (day.getDay() + 6) % 7);
      var sunday = new Date(monday); sunday.setDate(monday.getDate() + 6);
      return [monday, sunday];
    }
    return [new Date(day.getFullYear(), day.getMonth(), 1), new Date(day.getFullYear(), day.getMonth() + 1, 0)];
  }
  var now = new Date();
  var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  var day = iso(today);
  var rows = Array.prototype.slice.call(document.querySelectorAll(".xf-e-list > li[data-date]"));
  var span = period(today), name = week ? "本周" : "本月";
  var left = rows.some(function (row) {
    var date = row.getAttribute("data-date");
    return date >= day && date <= iso(span[1]);
  });
  if (!left) {
    var next = new Date(span[1]); next.setDate(next.getDate() + 1);
    span = period(next); name = week ? "下周" : "下月";
  }
  var last = iso(span[1]), shown = 0;
  rows.forEach(function (row) {
    var date = row.getAttribute("data-date");
    row.hidden = date < day || date > last;
    row.classList.toggle("is-today", date === day);
    if (!row.hidden) shown++;
  });
  document.querySelector(".xf-e-label").textContent = name + "领导接访安排";
  document.querySelector(".xf-e-span").textContent =
    week ? label(span[0]) + "—" + label(span[1]) : span[0].getFullYear() + "年" + (span[0].getMonth() + 1) + "月";
  var beyond = last > (body.getAttribute("data-until") || "") && shown === 0;
  document.querySelector(".xf-e-beyond").hidden = !beyond;
  document.querySelector(".xf-e-empty").hidden = shown > 0 || beyond;
})();
