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

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
  // A session that ended answers 401 with HX-Redirect; htmx follows it. Other refusals are shown, not swapped.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) {
      window.alert("Refused: outside this key's scope, or the form's token is missing.");
    }
  });
})();
