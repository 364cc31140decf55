// Click-to-change on the hall preview: each click moves a place to the next character of
// the layout alphabet and writes it into the layout text. Optional: the form, the Preview
// button and the server's checks work without it.
(function () {
  "use strict";
  var preview = document.getElementById("hall-preview");
  var textarea = document.getElementById("f-layout");
  if (!preview || !textarea) return;
  var cycle = ["s", "v", "w", "c", "x", "."];
  var categories = { s: "standard", v: "vip", w: "wheelchair", c: "companion", x: "standard" };
  var tip = document.querySelector(".layout-tip");
  if (tip) tip.hidden = false;
  preview.classList.add("editable");

  function characterAt(lines, line, column) {
    var text = lines[line - 1] || "";
    var character = text.charAt(column - 1).toLowerCase();
    return cycle.indexOf(character) >= 0 ? character : ".";
  }

  function write(line, column, character) {
    var lines = textarea.value.split("\n");
    while (lines.length < line) lines.push("");
    var text = lines[line - 1].replace(/\r$/, "");
    while (text.length < column) text += ".";
    lines[line - 1] = text.slice(0, column - 1) + character + text.slice(column);
    textarea.value = lines.join("\n");
  }

  // Renumbers the seats of one drawn row, left to right, as the server will.
  function renumber(row) {
    var number = 0;
    row.querySelectorAll(".seat").forEach(function (seat) {
      number += 1;
      var face = seat.querySelector(".face");
      if (seat.classList.contains("blocked")) face.textContent = "—";
      else if (seat.classList.contains("wheelchair")) face.textContent = "♿";
      else face.textContent = String(number);
    });
  }

  function redraw(cell, character) {
    var next;
    if (character === ".") {
      next = document.createElement("span");
      next.className = "gap";
    } else {
      next = document.createElement("span");
      next.className = "seat " + categories[character] + (character === "x" ? " blocked" : "");
      var face = document.createElement("span");
      face.className = "face";
      next.appendChild(face);
    }
    next.dataset.line = cell.dataset.line;
    next.dataset.column = cell.dataset.column;
    next.title = "Click to change";
    cell.replaceWith(next);
    renumber(next.parentElement);
  }

  preview.addEventListener("click", function (event) {
    var cell = event.target.closest("[data-column]");
    if (!cell || !preview.contains(cell)) return;
    var line = parseInt(cell.dataset.line, 10);
    var column = parseInt(cell.dataset.column, 10);
    var current = characterAt(textarea.value.split("\n"), line, column);
    var character = cycle[(cycle.indexOf(current) + 1) % cycle.length];
    write(line, column, character);
    redraw(cell, character);
  });
})();
