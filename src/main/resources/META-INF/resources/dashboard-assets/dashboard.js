// The dashboard's only script: draws the spend graph (uPlot) from the data attributes the server wrote, again after
// htmx swaps in another period. Values are read as text and numbers, never as markup.
(function () {
  "use strict";

  function list(element, name) {
    var text = element.getAttribute(name) || "";
    return text === "" ? [] : text.split(",");
  }

  function draw(element) {
    if (!element || element.dataset.drawn === "true" || typeof uPlot === "undefined") {
      return;
    }
    var days = list(element, "data-days");
    var totals = list(element, "data-totals").map(Number);
    var daily = list(element, "data-daily").map(Number);
    var xs = days.map(function (day) { return Date.parse(day + "T12:00:00Z") / 1000; });
    var hover = document.getElementById("spend-hover");
    var width = Math.max(280, element.clientWidth || 600);
    var plot = new uPlot({
      width: width,
      height: 260,
      legend: { show: false },
      cursor: { y: false, points: { show: false } },
      scales: { x: { time: true } },
      series: [{}, { label: "Credits", stroke: "#1f5fbf", width: 2, fill: "rgba(31,95,191,0.08)" }],
      axes: [{}, { label: "credits" }],
      hooks: {
        setCursor: [function (u) {
          var i = u.cursor.idx;
          var line = u.root.querySelector(".u-cursor-x");
          var spent = i != null && daily[i] > 0;
          if (line) {
            line.style.visibility = spent ? "visible" : "hidden";
          }
          if (hover) {
            hover.textContent = spent ? days[i] + ": " + totals[i] + " credits so far (" + daily[i] + " that day)" : "";
          }
        }]
      }
    }, [xs, totals], element);
    element.dataset.drawn = "true";
    element.plot = plot;
  }

  function drawAll() {
    draw(document.getElementById("spend-chart"));
  }

  // The alerts page: a live stream (server-sent events, authenticated by the session cookie). Each event reloads the
  // list from the server, which renders it as text; EventSource reconnects by itself after a drop, sending the last
  // id it saw.
  function live() {
    var status = document.getElementById("live");
    if (!status || typeof EventSource === "undefined" || status.dataset.open === "true") {
      return;
    }
    status.dataset.open = "true";
    var source = new EventSource(status.getAttribute("data-stream"));
    function reload() {
      if (typeof htmx !== "undefined") {
        htmx.ajax("GET", "/dashboard/alerts/list", { target: "#alert-list", swap: "innerHTML" });
      }
    }
    // Reloaded at each (re)connection too: what fired between the page's render (or the drop) and the stream's start
    // is shown as well.
    source.addEventListener("open", function () {
      status.textContent = "Live: new alerts appear here.";
      status.dataset.state = "live";
      reload();
    });
    source.addEventListener("alert", reload);
    source.addEventListener("resync", reload);
    source.addEventListener("error", function () {
      status.dataset.state = "reconnecting";
      status.textContent = source.readyState === EventSource.CLOSED
        ? "Live alerts stopped: reload the page." : "Reconnecting…";
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // The usage page's side panel: a record's details, opened from its row (a button, so keyboard users reach it),
  // focused when it arrives, closed by its button or Escape, focus back on the row that opened it.
  var opener = null;
  function closePanel() {
    var panel = document.getElementById("record-panel");
    if (panel && !panel.hidden) {
      panel.hidden = true;
      panel.innerHTML = "";
      if (opener) {
        opener.focus();
      }
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest && target.closest(".open-record")) {
      opener = target.closest(".open-record");
    }
    if (target.closest && target.closest("[data-close-panel]")) {
      closePanel();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closePanel();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "record-panel") {
      var panel = event.detail.target;
      panel.hidden = false;
      var heading = document.getElementById("record-h");
      if (heading) {
        heading.focus();
      }
    }
  });

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("DOMContentLoaded", live);
  document.addEventListener("htmx:afterSettle", drawAll);
  // A session that ended answers 401 with HX-Redirect; htmx follows it. Other refusals are shown, not swapped.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) {
      window.alert("Refused: outside this key's scope, or the form's token is missing.");
    }
  });
})();
