// Live seat count and running total on the seat map. The form works without this script:
// the server validates the choice and computes every price.
(function () {
  "use strict";
  var form = document.getElementById("seat-form");
  if (!form) return;
  var max = parseInt(form.dataset.max || "10", 10);
  var base = parseInt(form.dataset.base || "0", 10);
  var currency = form.dataset.currency || "EUR";
  var count = document.getElementById("seat-count");
  var total = document.getElementById("seat-total");
  var limit = document.getElementById("seat-limit");
  var boxes = form.querySelectorAll('input[name="seat"]');
  var money = new Intl.NumberFormat(undefined, { style: "currency", currency: currency });

  function update() {
    var chosen = 0, cents = 0;
    boxes.forEach(function (box) {
      if (box.checked) {
        chosen += 1;
        cents += base + parseInt(box.dataset.cents || "0", 10);
      }
    });
    count.textContent = String(chosen);
    total.textContent = money.format(cents / 100);
    var full = chosen >= max;
    boxes.forEach(function (box) {
      if (!box.checked && !box.hasAttribute("data-unavailable")) box.disabled = full;
    });
    limit.hidden = !full;
  }

  boxes.forEach(function (box) {
    if (box.disabled) box.setAttribute("data-unavailable", "");
    box.addEventListener("change", update);
  });
  update();
})();
