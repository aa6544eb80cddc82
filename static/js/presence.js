// "Đang được X chỉnh sửa từ 09:12" on a story's admin page: says "still here" every 20 seconds and shows who
// else has the story open; says "leaving" when the page goes (not when it is saved: a save leaves the person on
// the story or lets their presence lapse within a minute). Without it the note rendered with the page stays.
(function () {
  "use strict";
  var box = document.getElementById("presence");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!box || !token) return;
  var EVERY = 20000;

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    if (extra) data.append(extra, "1");
    return data;
  }
  function ping() {
    fetch(box.dataset.url, { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) box.innerHTML = answer.html; })
      .catch(function () {});
  }
  window.setInterval(ping, EVERY);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) ping(); });
  // Saving reloads the same story ("Lưu và tiếp tục"): its "leaving" could arrive after the new page's "here".
  var saving = false;
  document.addEventListener("submit", function () { saving = true; });
  window.addEventListener("pagehide", function () {
    if (!saving) navigator.sendBeacon(box.dataset.url, body("leave"));
  });
})();
