// Upload several photos with a progress bar each: every file goes on its own request to the same address the
// plain form posts to (which works without this script), with the shared credit, date and tags.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-photo-upload]");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  const list = form.querySelector(".photo-upload__progress");

  const sendOne = (file) => new Promise((resolve) => {
    const data = new FormData(form);
    data.delete(input.name);
    data.append(input.name, file);
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const status = document.createElement("span");
    item.append(name, bar, status);
    list.append(item);
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
    });
    request.addEventListener("load", () => {
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status === 200 && answer.photos) {
        bar.value = 100;
        status.textContent = `${form.dataset.labelDone} `;
        for (const photo of answer.photos) {
          const link = document.createElement("a");
          link.href = photo.change_url;
          link.textContent = form.dataset.labelEdit;
          status.append(link);
        }
      } else {
        item.classList.add("failed");
        status.textContent = `${form.dataset.labelFailed}: ${(answer.errors || [request.statusText]).join(" ")}`;
      }
      resolve();
    });
    request.addEventListener("error", () => {
      item.classList.add("failed");
      status.textContent = form.dataset.labelFailed;
      resolve();
    });
    request.send(data);
  });

  form.addEventListener("submit", async (event) => {
    if (!input.files.length) return; // the server says what is missing
    event.preventDefault();
    const files = Array.from(input.files);
    for (const file of files) {
      await sendOne(file); // one at a time: two cores serve the whole newsroom
    }
    input.value = "";
  });
});
