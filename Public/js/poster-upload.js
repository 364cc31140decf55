// Checks a poster's size before it is sent, so a file too big for the server's body limit
// gets the same message beside the field instead of a refused upload. The server checks
// size and type again whatever this script does.
(function () {
  "use strict";
  var form = document.querySelector(".poster-form");
  if (!form) return;
  var input = form.querySelector('input[type="file"]');
  var error = form.querySelector(".error");
  var field = input.closest(".field");
  var max = parseInt(input.dataset.maxBytes || "0", 10);

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1);
  }

  function check() {
    var file = input.files && input.files[0];
    var message = "";
    if (file && max > 0 && file.size > max) {
      message = "A poster is at most " + Math.round(max / (1024 * 1024)) + " MB; this file has " + megabytes(file.size) + " MB.";
    }
    error.textContent = message;
    error.hidden = message === "";
    field.classList.toggle("has-error", message !== "");
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    return message === "";
  }

  input.addEventListener("change", check);
  form.addEventListener("submit", function (event) {
    if (!check()) event.preventDefault();
  });
})();
