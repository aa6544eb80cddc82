// The pending-comments badge in every admin page's header, kept current without a reload.
(function () {
  "use strict";
  var badge = document.getElementById("pending-badge");
  if (!badge) return;
  function update() {
    fetch(badge.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.pending === null) return;
        badge.querySelector(".pending-badge__count").textContent = answer.pending;
      })
      .catch(function () {});
  }
  window.setInterval(update, 30000);
})();
