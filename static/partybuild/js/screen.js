/* 数据大屏: polls the screen's JSON every data-refresh seconds and redraws its panels with
 * plain DOM and inline SVG (no outside assets, no inline script: the page's CSP allows 'self'). */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var RADIUS = 48;
  var CIRCUMFERENCE = 2 * Math.PI * RADIUS;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  function bars(chart) {
    var box = el("div", "screen-bars");
    var largest = chart.rows.reduce(function (max, row) {
      return Math.max(max, Number(row.value) || 0);
    }, 0);
    if (!chart.rows.length) box.appendChild(el("p", "screen-empty", "暂无数据"));
    chart.rows.forEach(function (row) {
      var line = el("div", "screen-bar-row");
      line.appendChild(el("span", "screen-bar-label", row.label)).title = row.label;
      var track = el("span", "screen-bar-track");
      var fill = el("span", "screen-bar-fill");
      var share = chart.unit === "%" ? Number(row.value) : largest ? (100 * row.value) / largest : 0;
      fill.style.display = "block";
      fill.style.width = Math.max(0, Math.min(100, share)) + "%";
      track.appendChild(fill);
      line.appendChild(track);
      line.appendChild(el("span", "screen-bar-value", row.value + (chart.unit || "")));
      box.appendChild(line);
    });
    return box;
  }

  function ring(chart) {
    var box = el("div", "screen-ring");
    var row = chart.rows[0] || { label: "", value: 0 };
    var share = Math.max(0, Math.min(100, Number(row.value) || 0));
    var drawing = svg("svg", { viewBox: "0 0 120 120", role: "img", "aria-label": chart.title + " " + row.value + "%" });
    drawing.appendChild(svg("circle", { cx: 60, cy: 60, r: RADIUS, class: "screen-ring-track" }));
    drawing.appendChild(
      svg("circle", {
        cx: 60,
        cy: 60,
        r: RADIUS,
        class: "screen-ring-value",
        transform: "rotate(-90 60 60)",
        "stroke-dasharray": CIRCUMFERENCE.toFixed(2),
        "stroke-dashoffset": (CIRCUMFERENCE * (1 - share / 100)).toFixed(2),
      }),
    );
    var text = svg("text", { x: 60, y: 60, class: "screen-ring-text" });
    text.textContent = row.value + "%";
    drawing.appendChild(text);
    box.appendChild(drawing);
    box.appendChild(el("span", "screen-ring-label", row.label));
    return box;
  }

  function panel(data) {
    var section = el("section", "screen-panel");
    section.setAttribute("data-panel", data.name);
    section.appendChild(el("h2", null, data.title));
    var figures = el("div", "screen-figures");
    (data.figures || []).forEach(function (figure) {
      var item = el("div", "screen-figure");
      item.appendChild(el("span", "screen-figure-value", figure.value + (figure.unit ? " " + figure.unit : "")));
      item.appendChild(el("span", "screen-figure-label", figure.label));
      figures.appendChild(item);
    });
    section.appendChild(figures);
    var charts = el("div", "screen-charts");
    (data.charts || []).forEach(function (chart) {
      var box = el("div", "screen-chart");
      box.appendChild(el("h3", null, chart.title));
      box.appendChild(chart.kind === "ring" ? ring(chart) : bars(chart));
      charts.appendChild(box);
    });
    section.appendChild(charts);
    return section;
  }

  function start() {
    var grid = document.querySelector("[data-screen]");
    if (!grid) return;
    var select = document.querySelector("[data-screen-select]");
    var status = document.querySelector("[data-screen-status]");
    var heading = document.querySelector("[data-screen-organisation]");
    var clock = document.querySelector("[data-screen-clock]");
    var organisation = grid.getAttribute("data-organisation");
    var refresh = Math.max(10, Number(grid.getAttribute("data-refresh")) || 60);
    var timer = null;

    function show(data) {
      var fragment = document.createDocumentFragment();
      data.panels.forEach(function (item) {
        fragment.appendChild(panel(item));
      });
      grid.replaceChildren(fragment);
      heading.textContent = data.organisation.name;
      document.title = "数据大屏 - " + data.organisation.name;
      status.textContent = "更新于 " + data.generated_at.slice(11, 16);
      status.classList.remove("is-error");
    }

    function load() {
      clearTimeout(timer);
      var url = grid.getAttribute("data-url") + "?organisation=" + encodeURIComponent(organisation);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(show)
        .catch(function () {
          status.textContent = "暂时无法更新，稍后重试";
          status.classList.add("is-error");
        })
        .then(function () {
          timer = setTimeout(load, refresh * 1000);
        });
    }

    // The clock reads the site's time zone (Asia/Shanghai), as 更新于 does, whatever the display
    // computer's own zone is set to.
    var clockFormat = new Intl.DateTimeFormat("en-CA", {
      timeZone: clock.getAttribute("data-time-zone") || undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });

    function tick() {
      var parts = {};
      clockFormat.formatToParts(new Date()).forEach(function (part) {
        parts[part.type] = part.value;
      });
      clock.textContent =
        parts.year + "-" + parts.month + "-" + parts.day + " " +
        parts.hour + ":" + parts.minute + ":" + parts.second;
    }

    if (select) {
      select.addEventListener("change", function () {
        organisation = select.value;
        history.replaceState(null, "", "?organisation=" + encodeURIComponent(organisation));
        load();
      });
    }
    tick();
    setInterval(tick, 1000);
    load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
