// Enhancements only: every page reads fine without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var nav = document.getElementById("site-nav");
    if (!nav) return;
    var toggle = nav.querySelector(".site-nav__toggle");
    var small = window.matchMedia("(max-width: 63.99em)");
    function apply() {
      if (small.matches) {
        nav.classList.add("site-nav--collapsible");
        toggle.hidden = false;
      } else {
        nav.classList.remove("site-nav--collapsible", "is-open");
        toggle.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
      }
    }
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
    if (small.addEventListener) small.addEventListener("change", apply);
    apply();
  }

  function setUpCopy(box) {
    var input = box.querySelector("input");
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    if (!input || !button) return;
    button.hidden = false;
    function say(text) {
      status.textContent = text;
    }
    function fallback() {
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) return say(box.dataset.copied);
      } catch (e) { /* fall through */ }
      say(box.dataset.failed);
    }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { say(box.dataset.copied); }, fallback);
      } else {
        fallback();
      }
    });
    input.addEventListener("focus", function () { input.select(); });
  }

  function start() {
    setUpMenu();
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), setUpCopy);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
