// The photo's admin page: clicking the photo sets the focal point (the x and y boxes still work by hand).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector("[data-focal-picker]");
  const inputX = document.getElementById("id_focal_x");
  const inputY = document.getElementById("id_focal_y");
  if (!picker || !inputX || !inputY) return;
  const mark = picker.querySelector(".focal-picker__mark");
  const show = () => {
    const x = parseFloat(inputX.value), y = parseFloat(inputY.value);
    if (Number.isNaN(x) || Number.isNaN(y)) return;
    mark.style.left = `${Math.min(Math.max(x, 0), 1) * 100}%`;
    mark.style.top = `${Math.min(Math.max(y, 0), 1) * 100}%`;
    mark.hidden = false;
  };
  picker.addEventListener("click", (event) => {
    const box = picker.querySelector("img").getBoundingClientRect();
    inputX.value = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1).toFixed(2);
    inputY.value = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1).toFixed(2);
    show();
  });
  inputX.addEventListener("input", show);
  inputY.addEventListener("input", show);
  show();
});
