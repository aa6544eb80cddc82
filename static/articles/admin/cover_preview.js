// The story form's cover, seen as soon as it is picked: the library's popup (or a typed number) changes the cover
// field, this shows the photo in "Ảnh đại diện hiện tại" and puts the photo's caption, credit and alt text in the
// empty fields' placeholders, which is what saving will take. Without this script the preview follows the save.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var field = document.getElementById("id_cover");
  var box = document.querySelector(".field-cover_preview .readonly");
  if (!field || !box || !field.dataset.pickUrl) return;
  var status = document.createElement("p");
  status.className = "help cover-preview__status";
  status.setAttribute("role", "status");
  box.after(status);

  function show(photo) {
    box.textContent = "";
    if (!photo) return;
    var frame = document.createElement("span");
    frame.className = "cover-preview";
    var image = document.createElement("img");
    image.src = photo.preview;
    image.alt = "";
    frame.appendChild(image);
    box.appendChild(frame);
    [["id_cover_caption", photo.caption], ["id_cover_credit", photo.credit], ["id_cover_alt", photo.alt]].forEach(
      function (pair) {
        var input = document.getElementById(pair[0]);
        if (input) input.placeholder = pair[1] || "";
      }
    );
  }

  function update() {
    var value = field.value.trim();
    status.textContent = "";
    if (!value) {
      show(null);
      return;
    }
    fetch(field.dataset.pickUrl + "?id=" + encodeURIComponent(value), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        var photo = answer.results && answer.results[0];
        show(photo);
        if (!photo) status.textContent = field.dataset.missing || "";
      })
      .catch(function () {});
  }

  // The admin's lookup popup announces its choice with a jQuery event, typing with a native one.
  if (window.django && window.django.jQuery) window.django.jQuery(field).on("change", update);
  else field.addEventListener("change", update);
});
