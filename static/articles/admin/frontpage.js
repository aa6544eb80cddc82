// "Trang chủ": drag a story from the newest stories onto a slot to place it there, from the form's start (empty: now)
// until its end (empty: until replaced). The form on the page does the same without JavaScript; this only fills in
// the slot and the story and sends it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("placement-form");
    if (!form) return;
    var slotField = form.elements.slot;
    var articleField = form.elements.article;
    document.querySelectorAll(".front-candidate").forEach(function (item) {
      item.setAttribute("draggable", "true");
      item.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", item.dataset.article);
        event.dataTransfer.effectAllowed = "copy";
      });
    });
    document.querySelectorAll(".front-slot").forEach(function (row) {
      row.addEventListener("dragover", function (event) {
        event.preventDefault();
        row.classList.add("front-slot--over");
      });
      row.addEventListener("dragleave", function () {
        row.classList.remove("front-slot--over");
      });
      row.addEventListener("drop", function (event) {
        event.preventDefault();
        row.classList.remove("front-slot--over");
        var id = event.dataTransfer.getData("text/plain");
        if (!id) return;
        slotField.value = row.dataset.slot;
        articleField.value = id;
        form.submit();
      });
    });
  });
})();
