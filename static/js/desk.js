// form.action is shadowed by the buttons named "action": the address is read with getAttribute.
// The moderation desk, faster with a keyboard. Without this script every card is plain forms that work.
// A decision is sent after an undo window (data-undo-seconds): U takes the last one back before it is sent.
(function () {
  "use strict";
  var desk = document.getElementById("desk");
  if (!desk) return;
  var undoMs = parseFloat(desk.dataset.undoSeconds || "5") * 1000;
  var queued = [];  // decisions waiting for their undo window: {card, form, data, timer}
  desk.dataset.pending = "0";

  function cards() {
    return Array.prototype.slice.call(desk.querySelectorAll(".desk-card:not(.desk-card--done)"));
  }
  function current() {
    var active = document.activeElement && document.activeElement.closest(".desk-card");
    return active && !active.classList.contains("desk-card--done") ? active : cards()[0];
  }
  function focusCard(card) {
    if (!card) return;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var list = cards(), card = current(), index = list.indexOf(card);
    focusCard(list[Math.min(Math.max(index + step, 0), list.length - 1)]);
  }
  function say(card, text) {
    var status = card.querySelector(".desk-card__status");
    if (status) status.textContent = text;
  }
  function setPending() {
    desk.dataset.pending = String(queued.length + inflight);
  }

  // Decisions are sent one after the other, in the order they were taken.
  var inflight = 0;
  var chain = Promise.resolve();
  function send(item) {
    queued.splice(queued.indexOf(item), 1);
    inflight += 1;
    setPending();
    chain = chain
      .then(function () {
        return fetch(item.form.getAttribute("action"), {
          method: "POST",
          body: item.data,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
      })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        say(item.card, answer.message || "");
        item.card.dataset.result = answer.ok ? "done" : answer.stale ? "stale" : "error";
        if (!answer.ok && !answer.stale) item.card.classList.remove("desk-card--done");
      })
      .catch(function () {
        item.card.classList.remove("desk-card--done");
        item.card.dataset.result = "error";
      })
      .then(function () {
        inflight -= 1;
        setPending();
      });
  }

  function decide(form, submitter) {
    var card = form.closest(".desk-card");
    if (!form.reportValidity()) return;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var item = { card: card, form: form, data: data };
    item.timer = window.setTimeout(function () { send(item); }, undoMs);
    queued.push(item);
    setPending();
    card.classList.add("desk-card--done");
    card.querySelectorAll("details[open]").forEach(function (d) { d.open = false; });
    say(card, desk.dataset.undoLabel || "");
    var next = cards().filter(function (c) {
      return c.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_PRECEDING;
    })[0] || cards()[0];
    focusCard(next);
  }

  function undo() {
    var item = queued.pop();
    if (!item) return;
    window.clearTimeout(item.timer);
    item.card.classList.remove("desk-card--done");
    say(item.card, "");
    setPending();
    focusCard(item.card);
  }

  // Sending what is queued when the page goes away: no decision is lost by leaving early.
  window.addEventListener("pagehide", function () {
    queued.slice().forEach(function (item) {
      window.clearTimeout(item.timer);
      navigator.sendBeacon(item.form.getAttribute("action"), item.data);
    });
    queued = [];
  });

  desk.addEventListener("submit", function (event) {
    var form = event.target.closest(".desk-form");
    if (!form) return;
    event.preventDefault();
    decide(form, event.submitter);
  });

  function open(card, name) {
    var details = card.querySelector("details." + name);
    if (!details) return;
    details.open = true;
    var field = details.querySelector("select, textarea, input:not([type=hidden])");
    if (field) field.focus();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey && event.key === "Enter") {
      var editing = event.target.closest && event.target.closest(".desk-form");
      if (editing) {
        event.preventDefault();
        decide(editing, editing.querySelector("button[name=action]"));
      }
      return;
    }
    if (event.key === "Escape") {
      var openDetails = event.target.closest && event.target.closest("details[open]");
      if (openDetails) {
        openDetails.open = false;
        focusCard(openDetails.closest(".desk-card"));
      }
      return;
    }
    var tag = event.target.tagName;
    if (tag === "SELECT" && /^[1-9]$/.test(event.key)) {
      var option = event.target.options[parseInt(event.key, 10) - 1];
      if (option) event.target.value = option.value;
      event.preventDefault();
      return;
    }
    if (tag === "SELECT" && event.key === "Enter") {
      event.preventDefault();
      var form = event.target.form;
      decide(form, form.querySelector("button[name=action]"));
      return;
    }
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) return;
    var card = current();
    var key = event.key.toLowerCase();
    if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (key === "u") undo();
    else if (!card) return;
    else if (key === "a" || key === "s" || key === "h" || key === "f") {
      var button = card.querySelector('button[data-key="' + key + '"]');
      if (button) decide(button.form, button);
    } else if (key === "t") {
      var tipForm = card.querySelector("form.desk-tip");  // a plain post: the page comes back with the tip's link
      if (tipForm) tipForm.requestSubmit();
    } else if (key === "r") open(card, "desk-reject");
    else if (key === "e") open(card, "desk-edit");
    else return;
    event.preventDefault();
  });

  // New comments arrive without a reload: the desk asks how many wait and adds the new cards it does not show.
  // The same check asks about the open cards: one another moderator handled meanwhile says who did what, at once.
  var latest = parseInt(desk.dataset.latestId || "0", 10);
  function refresh() {
    var query = cards().map(function (card) {
      return "card=" + card.dataset.pk + "-" + card.dataset.version;
    });
    fetch(desk.dataset.countUrl + (query.length ? "?" + query.join("&") : ""), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        var waiting = document.getElementById("desk-waiting");
        if (waiting && answer.pending !== null) waiting.textContent = answer.pending;
        Object.keys(answer.changed || {}).forEach(function (pk) {
          var card = document.getElementById("comment-" + pk);
          if (!card || card.classList.contains("desk-card--done")) return;
          var wasCurrent = current() === card;
          card.classList.add("desk-card--done");
          card.dataset.result = "stale";
          card.querySelectorAll("details[open]").forEach(function (d) { d.open = false; });
          say(card, answer.changed[pk]);
          if (wasCurrent) focusCard(cards()[0]);
        });
        if (answer.latest_id > latest) {
          latest = answer.latest_id;
          return fetch(window.location.href, { credentials: "same-origin" })
            .then(function (response) { return response.text(); })
            .then(function (html) {
              var fresh = new DOMParser().parseFromString(html, "text/html");
              var list = document.getElementById("desk-cards");
              fresh.querySelectorAll(".desk-card").forEach(function (card) {
                if (!document.getElementById(card.id)) list.appendChild(document.importNode(card, true));
              });
            });
        }
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 20000);
  focusCard(cards()[0]);
})();
