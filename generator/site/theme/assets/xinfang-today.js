/* xinfang-today.js: what a page says about "today", worked out on the day it is read.

   A page is built once and read for days. Its text is the build day's answer (what a reader
   without scripts sees); this script says it again for the reader's own day. Self-contained:
   no other script, no network, no storage, no HTML from data (every value is set as text).

   Data: <script type="application/json" id="xf-today-data">, written by xinfang
   (generator/site/parts/today.py):
     {"v": 1, "built": "YYYY-MM-DD", "until": "YYYY-MM-DD" | null, "covers": "YYYY-MM-DD",
      "phone": "…" | null, "schedule": "<relative URL of the schedule overview>",
      "months": {"YYYY-MM": "<relative URL of the month's page>"}   (the home page only),
      "sessions": {"<id>": {"d": "YYYY-MM-DD", "w": "12月2日（周三）09:00",
                            "t": ["text", ["0000-12345", "tel:000012345"], "text"], "h": "<relative URL>"}}}
     built   the day the no-script text is true for
     until   the last day with a published session, for "以后的安排尚未公布，请拨打…"
     covers  the last day whose sessions the page carries
     sessions  active sessions only, by id; "t" is what and where, split at its phone numbers

   Hooks (attributes on the page):
     [data-xf-today-box][data-xf-next="id …"]  the home page's 今天/下一次 box, rewritten
     [data-xf-next="id …"] (+ data-xf-all="1" when the ids are all there are)
                                  a 下次接访 answer, rewritten as a link to the next session
     table.xf-sessions tr[data-date]   marked 今天 / 已结束 (class xf-past); on screen past rows
                                  are folded behind a button, printed they stay
     table[data-xf-window="week"]  today and the next 7 days; this week's past rows go to
                                  [data-xf-earlier] (a <details>), the rest stay hidden
     [data-xf-range]              the week list's dates;  [data-xf-week-empty] its empty note
     table[data-xf-window="calendar-week"]  the printable week: the reader's week, Monday to
                                  Sunday, shown, every other row hidden; [data-xf-week-days] its
                                  title's dates; [data-xf-week-empty] says why nothing is shown
     [data-xf-end="YYYY-MM-DD"]   hidden after that day (a suspension that is over)
     [data-xf-after="YYYY-MM-DD"] shown only after that day (a month that is over)
     [data-xf-on="YYYY-MM-DD"]    shown only on that day (a telephone-only day's note)
     [data-xf-day]                set to today's date, 2026年12月9日
     #today                       a schedule page's first row of today or later (a span in its first
                                  cell; the .xf-past-note when every row is past), moved to the
                                  reader's day; a page opened at #today is scrolled there
     form.xf-place select         the reader's 区县/乡镇, kept in localStorage ("xf-place");
                                  on a topic page it orders table.xf-leaders rows (data-units: the
                                  leader's unit chain) and fills [data-xf-place-answer]

   The reader's day is the device's local date. Anything this script cannot work out is left
   as the build day wrote it. */
(function () {
  "use strict";
  var WEEKDAYS = "日一二三四五六";
  var DAY = 86400000;

  function iso(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }
  function parse(text) {
    var p = String(text).split("-");
    return new Date(+p[0], +p[1] - 1, +p[2]);
  }
  function addDays(text, days) {
    var d = parse(text);
    d.setDate(d.getDate() + days);
    return iso(d);
  }
  function monthDay(text) { var d = parse(text); return (d.getMonth() + 1) + "月" + d.getDate() + "日"; }
  function fullDate(text) { return parse(text).getFullYear() + "年" + monthDay(text); }
  function weekday(text) { return "周" + WEEKDAYS.charAt(parse(text).getDay()); }
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  /* Only the site's own relative URLs and tel: links are ever put in an href. */
  function safeHref(href) {
    href = String(href || "");
    return /^[a-z][a-z0-9+.-]*:/i.test(href) && href.indexOf("tel:") !== 0 ? "#" : href;
  }
  function link(text, href) {
    var a = el("a", text);
    a.href = safeHref(href);
    return a;
  }
  function telLink(phone) {
    var a = el("a", phone, "xf-tel");
    a.href = "tel:" + phone.split("转")[0].replace(/\D/g, "");
    return a;
  }

  function readData() {
    var node = document.getElementById("xf-today-data");
    if (!node) return null;
    try {
      var data = JSON.parse(node.textContent);
      return data && data.v === 1 ? data : null;
    } catch (e) { return null; }
  }

  function ask(data, parent) {
    if (data.phone) {
      parent.appendChild(document.createTextNode("请拨打 "));
      parent.appendChild(telLink(data.phone));
      parent.appendChild(document.createTextNode(" 咨询，或关注通知公告。"));
    } else {
      parent.appendChild(document.createTextNode("请关注通知公告。"));
    }
  }

  /* The first carried session on or after `day` (strictly after when `after`). */
  function nextOf(data, ids, day, after) {
    for (var i = 0; i < ids.length; i++) {
      var s = data.sessions[ids[i]];
      if (s && (after ? s.d > day : s.d >= day)) return s;
    }
    return null;
  }
  function ids(node) { return (node.getAttribute("data-xf-next") || "").split(" ").filter(Boolean); }
  function beyond(data, day) { return !data.until || day > data.until; }

  function sessionLine(parent, s) {
    parent.appendChild(el("strong", s.w));
    parent.appendChild(document.createTextNode("，"));
    sessionText(parent, s);
    parent.appendChild(document.createTextNode("。 "));
    parent.appendChild(link("查看详情", s.h));
  }

  function sessionText(parent, s) {
    (Array.isArray(s.t) ? s.t : [String(s.t || "")]).forEach(function (part) {
      if (Array.isArray(part)) {
        var a = el("a", String(part[0]), "xf-tel");
        a.href = /^tel:[0-9,+]*$/.test(part[1]) ? part[1] : "#";
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(String(part)));
      }
    });
  }

  function todayBox(data, box, today) {
    /* on the build day the page's own text is true, and richer (a table with the times) */
    if (today === data.built) return;
    var list = ids(box);
    var head = "今天是" + fullDate(today) + "（" + weekday(today) + "）。";
    var todays = list.map(function (id) { return data.sessions[id]; })
      .filter(function (s) { return s && s.d === today; });
    while (box.firstChild) box.removeChild(box.firstChild);
    var p = el("p");
    box.appendChild(p);
    if (todays.length) {
      p.appendChild(el("strong", head + "今天有领导接访："));
      var ul = el("ul", "", "xf-today-list");
      todays.forEach(function (s) { var li = el("li"); sessionLine(li, s); ul.appendChild(li); });
      box.appendChild(ul);
      monthLine(data, box, today);
      return;
    }
    var next = nextOf(data, list, today, true);
    if (next) {
      p.appendChild(el("strong", head + "今天没有领导接访安排。"));
      var line = el("p", "下一次：");
      sessionLine(line, next);
      box.appendChild(line);
      monthLine(data, box, next.d);
    } else if (beyond(data, today)) {
      p.appendChild(el("strong", head));
      p.appendChild(document.createTextNode("以后的接访安排尚未公布，"));
      ask(data, p);
    } else {
      /* the schedule goes on, but past what this page carries: an old copy */
      p.appendChild(el("strong", head));
      p.appendChild(document.createTextNode("本页生成于" + fullDate(data.built) + "，请查看"));
      p.appendChild(link("全部接访安排", data.schedule));
      p.appendChild(document.createTextNode("，或"));
      ask(data, p);
    }
  }

  /* The month page of `day` (today's, or the next session's), opened at its #today row. */
  function monthLine(data, box, day) {
    var href = data.months && data.months[day.slice(0, 7)];
    if (!href) return;
    var line = el("p", "", "xf-month-link");
    line.appendChild(link("查看" + (parse(day).getMonth() + 1) + "月全部接访安排（从今天起）", href + "#today"));
    box.appendChild(line);
  }

  function nextAnswer(data, node, today) {
    var next = nextOf(data, ids(node), today, false);
    while (node.firstChild) node.removeChild(node.firstChild);
    if (next) {
      node.appendChild(link(next.w, next.h));
    } else if (beyond(data, today)) {
      node.appendChild(document.createTextNode("以后的安排尚未公布，"));
      ask(data, node);
    } else if (node.getAttribute("data-xf-all") === "1") {
      node.appendChild(document.createTextNode("近期暂无安排"));
    } else {
      node.appendChild(link("见接访安排", data.schedule));
    }
  }

  /* 今天 / 已结束 on every schedule row; the build day's marks are replaced. */
  function markRows(today) {
    all("table.xf-sessions tr[data-date]").forEach(function (row) {
      var day = row.getAttribute("data-date");
      all(".xf-today, .xf-ended", row).forEach(function (mark) { mark.parentNode.removeChild(mark); });
      row.classList.toggle("is-today", day === today);
      row.classList.toggle("xf-past", day < today);
      var cell = row.cells[0];
      if (!cell) return;
      if (day === today) { cell.appendChild(document.createTextNode(" ")); cell.appendChild(el("span", "今天", "xf-today")); }
      if (day < today) { cell.appendChild(document.createTextNode(" ")); cell.appendChild(el("span", "已结束", "xf-ended")); }
    });
  }

  /* Past rows folded behind one button (screen only: the printed page keeps every day). */
  function foldPast(table) {
    /* rows hidden for another day (the week page's other weeks) are not this page's past */
    var past = all("tr.xf-past", table).filter(function (row) { return !row.hidden; });
    var old = table.previousElementSibling;
    if (old && old.classList.contains("xf-past-fold")) old.parentNode.removeChild(old);
    table.classList.remove("xf-show-past");
    if (!past.length) return;
    var days = {};
    past.forEach(function (row) { days[row.getAttribute("data-date")] = true; });
    var holder = el("p", "", "xf-past-fold");
    var button = el("button", "", "xf-past-toggle");
    button.type = "button";
    var label = "已结束的 " + Object.keys(days).length + " 天（" + past.length + " 场）";
    button.textContent = "显示" + label;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = table.classList.toggle("xf-show-past");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = (open ? "收起" : "显示") + label;
    });
    holder.appendChild(button);
    table.parentNode.insertBefore(holder, table);
    /* a link to a past row (an old 下一次 link) opens the fold */
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && table.contains(target) && target.classList.contains("xf-past")) button.click();
  }

  /* The home page: today and the next 7 days nearest first, this week's past ones folded. */
  function weekList(table, today) {
    var earlier = document.querySelector("[data-xf-earlier]");
    var earlierBody = earlier && earlier.querySelector("tbody");
    var rows = all("tr[data-date]", table).concat(earlierBody ? all("tr[data-date]", earlierBody) : []);
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-date"), y = b.getAttribute("data-date");
      return x < y ? -1 : x > y ? 1 : (+a.getAttribute("data-order")) - (+b.getAttribute("data-order"));
    });
    var d = parse(today);
    var monday = addDays(today, -((d.getDay() + 6) % 7));
    var last = addDays(today, 7);
    var body = table.tBodies[0];
    var shown = 0, folded = 0;
    rows.forEach(function (row) {
      var day = row.getAttribute("data-date");
      if (day < today && day >= monday && earlierBody) {
        earlierBody.appendChild(row);
        row.hidden = false;
        folded++;
      } else {
        body.appendChild(row);
        row.hidden = day < today || day > last;
        if (!row.hidden) shown++;
      }
    });
    table.hidden = shown === 0;
    /* a table shows its 状态 column only when a row in it has a change (rows moved between them) */
    [table, earlier && earlier.querySelector("table")].forEach(function (t) {
      if (!t) return;
      var status = all("tr[data-date]", t).some(function (row) { return row.cells[7] && row.cells[7].textContent.trim(); });
      t.classList.toggle("xf-no-status", !status);
    });
    var empty = document.querySelector("[data-xf-week-empty]");
    if (empty) empty.hidden = shown > 0;
    if (earlier) {
      earlier.hidden = folded === 0;
      var count = earlier.querySelector("[data-xf-count]");
      if (count) count.textContent = String(folded);
    }
    var range = document.querySelector("[data-xf-range]");
    if (range) range.textContent = monthDay(today) + "（今天）至" + monthDay(last) + "，由近及远：";
  }

  /* The printable week page: the reader's week, Monday to Sunday, from the days it carries. */
  function calendarWeek(data, table, today) {
    var monday = addDays(today, -((parse(today).getDay() + 6) % 7));
    var sunday = addDays(monday, 6);
    var shown = 0;
    all("tr[data-date]", table).forEach(function (row) {
      var day = row.getAttribute("data-date");
      row.hidden = day < monday || day > sunday;
      if (!row.hidden) shown++;
    });
    table.hidden = shown === 0;
    /* the 状态 column only when a row of this week has a change */
    table.classList.toggle("xf-no-status", !all("tr[data-date]", table).some(function (row) {
      return !row.hidden && row.cells[7] && row.cells[7].textContent.trim();
    }));
    all("[data-xf-week-days]").forEach(function (node) { node.textContent = monthDay(monday) + "—" + monthDay(sunday); });
    var empty = document.querySelector("[data-xf-week-empty]");
    if (!empty || !data) return;
    while (empty.firstChild) empty.removeChild(empty.firstChild);
    empty.hidden = false;
    if (beyond(data, monday)) {
      empty.appendChild(document.createTextNode("本周以后的接访安排尚未公布，"));
      ask(data, empty);
    } else if (sunday > data.covers && data.until > data.covers) {
      /* an old copy: the schedule goes on past what this page carries */
      empty.appendChild(document.createTextNode("本页生成于" + fullDate(data.built) + "，只列出到" + monthDay(data.covers)
        + "的安排；本周其余的安排请查看"));
      empty.appendChild(link("全部接访安排", data.schedule));
      empty.appendChild(document.createTextNode("。"));
    } else if (shown === 0) {
      empty.textContent = "本周没有安排接访。";
    } else {
      empty.hidden = true;
    }
  }

  /* Where I live: the 区县/乡镇 select (form.xf-place) remembers the choice on the device; on a
     topic page the leaders of that place come first, the most local level first, and the
     answer box says that place's next session; without a choice, the nearest session. */
  var PLACE_KEY = "xf-place";
  function setupPlace(data, today) {
    var form = document.querySelector("form.xf-place");
    if (!form) return;
    var select = form.querySelector("select");
    form.hidden = false;
    try {
      var saved = localStorage.getItem(PLACE_KEY);
      if (saved && select.querySelector('option[value="' + saved.replace(/["\\]/g, "") + '"]')) select.value = saved;
    } catch (e) { /* private mode: no memory, still works */ }
    select.addEventListener("change", function () {
      try { localStorage.setItem(PLACE_KEY, select.value); } catch (e) { /* private mode */ }
      placeAnswer(data, today, select);
    });
    placeAnswer(data, today, select);
  }

  function placeAnswer(data, today, select) {
    var box = document.querySelector("[data-xf-place-answer]");
    var table = document.querySelector("table.xf-leaders");
    if (!box || !table || !data) return;
    var body = table.tBodies[0];
    var rows = all("tr[data-units]", body);
    rows.forEach(function (row, i) { if (!row.hasAttribute("data-order")) row.setAttribute("data-order", String(i)); });
    var option = select.options[select.selectedIndex];
    var chain = option && option.value ? (option.getAttribute("data-chain") || "").split(" ") : [];
    function next(row) {
      var span = row.querySelector("[data-xf-next]");
      return span ? nextOf(data, ids(span), today, false) : null;
    }
    /* rank: the place's own level first, then up its chain; others after, in page order */
    function rank(row) {
      var unit = (row.getAttribute("data-units") || "").split(" ")[0];
      var at = chain.indexOf(unit);
      return at === -1 ? 100 : at;
    }
    rows.sort(function (a, b) { return rank(a) - rank(b) || (+a.getAttribute("data-order")) - (+b.getAttribute("data-order")); });
    rows.forEach(function (row) {
      body.appendChild(row);
      row.classList.toggle("xf-elsewhere", chain.length > 0 && rank(row) === 100);
    });
    while (box.firstChild) box.removeChild(box.firstChild);
    var p = el("p");
    box.appendChild(p);
    var found = null, who = null;
    var candidates = chain.length ? rows.filter(function (r) { return rank(r) < 100; }) : rows.slice();
    if (!chain.length) {
      candidates.sort(function (a, b) {
        var x = next(a), y = next(b);
        return !x ? 1 : !y ? -1 : x.d < y.d ? -1 : x.d > y.d ? 1 : 0;
      });
    }
    for (var i = 0; i < candidates.length && !found; i++) { found = next(candidates[i]); who = candidates[i]; }
    var place = option && option.value ? option.textContent.replace(/^\s+|\s+$/g, "").replace(/^　+/, "") : "";
    if (found) {
      p.appendChild(el("strong", place ? place + "：离您最近的" + (who.getAttribute("data-level") || "") + "接访 " : "最近的一场："));
      p.appendChild(link(found.w, found.h));
      p.appendChild(document.createTextNode("，"));
      sessionText(p, found);
      p.appendChild(document.createTextNode("。"));
    } else if (place) {
      p.appendChild(el("strong", place + "：近期没有负责这类问题的领导接访安排。"));
    }
    p.appendChild(document.createTextNode("按属地原则，问题先由您居住地（或问题发生地）的乡镇（街道）、区县受理，属地解决不了的再到上一级反映。"));
  }

  /* A schedule page's #today: the first row of the reader's day or later, in the page's own
     tables (not the home page's week list); when every row is past, the note saying so. */
  function placeTodayAnchor(today) {
    var holder = document.getElementById("today");
    if (!holder) return;
    var row = all("table.xf-sessions tr[data-date]").filter(function (r) {
      return !r.closest("table[data-xf-window]") && r.getAttribute("data-date") >= today;
    })[0];
    var target = row ? el("span", "", "xf-today-anchor") : document.querySelector(".xf-past-note");
    if (!target) return;
    if (target !== holder) {
      if (holder.classList.contains("xf-today-anchor")) holder.parentNode.removeChild(holder);
      else holder.removeAttribute("id");
      target.id = "today";
      if (row) row.cells[0].insertBefore(target, row.cells[0].firstChild);
    }
    if (location.hash === "#today") (row || target).scrollIntoView();
  }

  function start() {
    var data = readData();
    var today = iso(new Date());
    all("[data-xf-end]").forEach(function (node) { if (today > node.getAttribute("data-xf-end")) node.hidden = true; });
    all("[data-xf-on]").forEach(function (node) { node.hidden = node.getAttribute("data-xf-on") !== today; });
    all("[data-xf-after]").forEach(function (node) { node.hidden = !(today > node.getAttribute("data-xf-after")); });
    all("[data-xf-day]").forEach(function (node) { node.textContent = fullDate(today) + "（" + weekday(today) + "）"; });
    all("table.xf-sessions tr[data-date]").forEach(function (row, i) { row.setAttribute("data-order", String(i)); });
    markRows(today);
    all("table.xf-sessions[data-xf-window='week']").forEach(function (table) { weekList(table, today); });
    all("table.xf-sessions[data-xf-window='calendar-week']").forEach(function (table) { calendarWeek(data, table, today); });
    all("table.xf-sessions").forEach(function (table) {
      if (table.getAttribute("data-xf-window") === "week" || table.closest("[data-xf-earlier]")) return;
      foldPast(table);
    });
    placeTodayAnchor(today);
    if (data) {
      all("[data-xf-today-box]").forEach(function (box) { todayBox(data, box, today); });
      all("[data-xf-next]").forEach(function (node) {
        if (!node.hasAttribute("data-xf-today-box")) nextAnswer(data, node, today);
      });
    }
    setupPlace(data, today);
    document.documentElement.classList.add("xf-today-done");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
