// Countdown to the end of the hold and a live total as ticket types change.
// Without this script the page still shows the expiry time and the server computes the total.
(function () {
  "use strict";
  var form = document.getElementById("checkout-form");
  var clock = document.getElementById("countdown");
  if (form) {
    var money = new Intl.NumberFormat(undefined, { style: "currency", currency: form.dataset.currency || "EUR" });
    var total = document.getElementById("checkout-total");
    var selects = form.querySelectorAll("select[data-seat-price]");
    var update = function () {
      var sum = 0;
      selects.forEach(function (select) {
        var cents = parseInt(select.selectedOptions[0].dataset.cents || "0", 10);
        sum += cents;
        var cell = select.closest("tr").querySelector("[data-line-price]");
        if (cell) cell.textContent = money.format(cents / 100);
      });
      total.textContent = money.format(sum / 100);
    };
    selects.forEach(function (select) { select.addEventListener("change", update); });
  }
  if (clock) {
    var expires = Date.parse(clock.dataset.expires);
    var tick = function () {
      var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        clock.textContent = "expired";
        window.clearInterval(timer);
        // The server refuses an expired hold; reload so the page says so.
        window.setTimeout(function () { window.location.reload(); }, 1500);
      }
    };
    var timer = window.setInterval(tick, 1000);
    tick();
  }
})();
