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

  // The phone share bar: shown by this script only (no-JS readers have the share block in the page),
  // and once closed it stays closed, remembered in localStorage (no cookie).
  var SHARE_BAR_CLOSED = "newsroom.shareBarClosed";

  function rememberedClosed() {
    try {
      return window.localStorage.getItem(SHARE_BAR_CLOSED) === "1";
    } catch (e) {
      return false;
    }
  }

  function setUpShareBar(bar) {
    var close = bar.querySelector("[data-share-bar-close]");
    var phone = window.matchMedia("(max-width: 39.99em)");
    var closedHere = false;
    function apply() {
      var show = phone.matches && !closedHere && !rememberedClosed();
      bar.hidden = !show;
      document.documentElement.classList.toggle("has-share-bar", show);
    }
    close.addEventListener("click", function () {
      closedHere = true; // stays closed on this page even where storage is blocked
      try {
        window.localStorage.setItem(SHARE_BAR_CLOSED, "1");
      } catch (e) { /* private mode: closed for this page only */ }
      apply();
      var main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
    });
    window.addEventListener("storage", function (event) {
      if (event.key === SHARE_BAR_CLOSED) apply(); // closed in another tab
    });
    if (phone.addEventListener) phone.addEventListener("change", apply);
    setUpBarCopy(bar);
    apply();
  }

  function setUpBarCopy(bar) {
    var item = bar.querySelector("[data-copy-url]");
    var status = bar.querySelector("[role=status]");
    if (!item || !navigator.clipboard || !window.isSecureContext) return;
    item.hidden = false;
    item.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(item.dataset.copyUrl).then(
        function () { status.textContent = item.dataset.copied; },
        function () { status.textContent = item.dataset.failed; }
      );
    });
  }

  // Home page sections fold after their first stories on phones (<details>, closed without JavaScript);
  // wide screens have the room, so they open.
  function setUpFolds() {
    var wide = window.matchMedia("(min-width: 40em)");
    function apply() {
      Array.prototype.forEach.call(document.querySelectorAll("[data-fold]"), function (fold) {
        fold.open = wide.matches;
      });
    }
    if (wide.addEventListener) wide.addEventListener("change", apply);
    apply();
  }

  function start() {
    setUpMenu();
    setUpFolds();
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), setUpCopy);
    Array.prototype.forEach.call(document.querySelectorAll("[data-share-bar]"), setUpShareBar);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
