// One autosave for every form that opts in. Without JavaScript each form posts normally.
//
// A form opts in with data attributes:
//   data-autosave-url       where to send (default: the form's action, else this page)
//   data-autosave-method    POST or PUT (default POST)
//   data-autosave-format    "form": the whole form as the browser would post it, with X-Autosave: 1;
//                           "saved" when the response is ok; a refusal's message is body.message.
//                           "json": the fields marked data-autosave-field="name", as a JSON object;
//                           "saved" only when the response echoes every field exactly as sent.
//   data-autosave-envelope  (json) fields marked data-autosave-key="k" are saved one key at a time
//                           as {envelope: {k: {name: value}}}, and checked against body[envelope][k]
//   data-autosave-change-delay, data-autosave-input-delay
//                           milliseconds to wait after a change / an input event (no attribute: that
//                           event does not save); 0 saves at once
//   data-autosave-message-from
//                           "fields": a refusal shows body.error.fields[name][0] for a field sent;
//                           otherwise body.message or body.error.message
//   data-msg-saving, data-msg-saved, data-msg-pending (shown while typing, if given), data-msg-mismatch,
//   data-msg-refused (a refusal without a message), data-msg-offline: the words, translated by the template.
// A field marked data-autosave-trim is compared without surrounding spaces (the server trims it).
// The status goes in the form's .autosave-status region. Changes still waiting are sent as the page is
// hidden or closed (fetch keepalive). Submitting the form sends everything itself, so no autosave races it.
(function () {
  "use strict";

  var SUBMITS = "button:not([type]), button[type=submit], input[type=submit]";

  function enhance(form) {
    var status = form.querySelector(".autosave-status");
    var url = form.getAttribute("data-autosave-url") || form.action || window.location.href;
    var method = (form.getAttribute("data-autosave-method") || "POST").toUpperCase();
    var asForm = form.getAttribute("data-autosave-format") === "form";
    var envelope = form.getAttribute("data-autosave-envelope");
    var fromFields = form.getAttribute("data-autosave-message-from") === "fields";
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    var token = tokenInput ? tokenInput.value : "";
    var state = {}; // key ("" when the form saves as a whole) -> {timer, sent, seq, deferred}
    var submitting = false;

    function delay(name) {
      var value = form.getAttribute("data-autosave-" + name + "-delay");
      return value === null ? null : parseInt(value, 10) || 0;
    }
    var changeDelay = delay("change");
    var inputDelay = delay("input");

    function isText(element) { return element.tagName === "TEXTAREA" || element.type === "text"; }
    function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }
    function show(name) { if (status) { status.textContent = msg(name); } }
    function stateFor(key) {
      if (!state[key]) { state[key] = { timer: null, sent: null, seq: 0, deferred: false, inflight: false }; }
      return state[key];
    }

    function keyOf(element) {
      if (asForm) { return ""; }
      if (!element.hasAttribute || !element.hasAttribute("data-autosave-field")) { return null; }
      return envelope ? element.getAttribute("data-autosave-key") : "";
    }

    function fieldsFor(key) {
      var selector = envelope ? "[data-autosave-key='" + key + "'][data-autosave-field]" : "[data-autosave-field]";
      return Array.prototype.slice.call(form.querySelectorAll(selector));
    }

    // What would be sent for a key now: {data: the values, text: a string to compare}.
    function collect(key) {
      if (asForm) {
        var params = new URLSearchParams(new FormData(form));
        return { text: params.toString() };
      }
      var data = {};
      fieldsFor(key).forEach(function (field) {
        var name = field.getAttribute("data-autosave-field");
        if (field.type === "radio" || field.type === "checkbox") {
          if (!(name in data)) { data[name] = ""; }
          if (field.checked) { data[name] = field.value; }
        } else {
          data[name] = field.value;
        }
      });
      return { data: data, text: JSON.stringify(data) };
    }

    function trimmed(name, key) {
      return fieldsFor(key).some(function (field) {
        return field.getAttribute("data-autosave-field") === name && field.hasAttribute("data-autosave-trim");
      });
    }

    function echoes(body, key, sent) {
      var kept = envelope ? body && body[envelope] && body[envelope][key] : body;
      if (!kept) { return false; }
      return Object.keys(sent).every(function (name) {
        var value = kept[name] === undefined || kept[name] === null ? "" : String(kept[name]);
        var mine = sent[name];
        return trimmed(name, key) ? value.trim() === mine.trim() : value === mine;
      });
    }

    function refusal(body, sent) {
      var error = (body && body.error) || {};
      if (fromFields) {
        var fields = error.fields || {};
        var name = Object.keys(sent || {}).filter(function (n) { return fields[n] && fields[n][0]; })[0];
        return name ? fields[name][0] : "";
      }
      return (body && body.message) || error.message || "";
    }

    function request(key, now, keepalive) {
      var headers = { "Accept": "application/json", "X-CSRFToken": token };
      var body;
      if (asForm) {
        headers["X-Autosave"] = "1";
        body = new FormData(form);
      } else {
        headers["Content-Type"] = "application/json";
        var payload = now.data;
        if (envelope) { payload = {}; payload[envelope] = {}; payload[envelope][key] = now.data; }
        body = JSON.stringify(payload);
      }
      // keepalive: a save started as the tab closes still reaches the server.
      return fetch(url, { method: method, credentials: "same-origin", keepalive: !!keepalive, headers: headers, body: body });
    }

    function save(key, keepalive) {
      var s = stateFor(key);
      clearTimeout(s.timer);
      s.timer = null;
      if (submitting) { return; }
      var now = collect(key);
      if (now.text === s.sent) {
        // Already sent (or saved) exactly this: typed and then undone, say so once it is settled.
        if (!s.inflight && status && msg("pending") && status.textContent === msg("pending")) { show("saved"); }
        return;
      }
      s.sent = now.text;
      s.inflight = true;
      var seq = ++s.seq;
      show("saving");
      request(key, now, keepalive).then(function (response) {
        if (seq !== s.seq) { return; } // a later save for this key has been sent
        s.inflight = false;
        if (response.ok && asForm) { show("saved"); return; }
        return response.json().catch(function () { return null; }).then(function (body) {
          if (seq !== s.seq) { return; }
          if (response.ok && echoes(body, key, now.data)) {
            var typedSince = collect(key).text !== now.text;
            show(typedSince && msg("pending") ? "pending" : "saved");
            return;
          }
          s.sent = null; // not kept as sent: the next change, blur or leaving tries again
          if (response.ok) { show("mismatch"); return; }
          var message = refusal(body, now.data);
          if (status) { status.textContent = message || msg("refused"); }
        });
      }).catch(function () {
        if (seq !== s.seq) { return; }
        s.inflight = false;
        s.sent = null;
        show("offline");
      });
    }

    function schedule(key, ms) {
      var s = stateFor(key);
      clearTimeout(s.timer);
      s.deferred = false;
      s.timer = setTimeout(function fire() {
        // Focus moved to one of this form's buttons (about to be pressed): wait once, so the
        // submit, not an autosave, sends the change.
        var active = document.activeElement;
        if (!s.deferred && active && active.form === form && active.matches && active.matches(SUBMITS)) {
          s.deferred = true;
          s.timer = setTimeout(fire, Math.max(ms, inputDelay || 0, 800));
          return;
        }
        save(key, false);
      }, ms);
    }

    function flush() {
      if (submitting) { return; }
      var keys = asForm || !envelope ? [""] : [];
      if (!asForm && envelope) {
        form.querySelectorAll("[data-autosave-key][data-autosave-field]").forEach(function (field) {
          var key = field.getAttribute("data-autosave-key");
          if (keys.indexOf(key) < 0) { keys.push(key); }
        });
      }
      keys.forEach(function (key) { save(key, true); });
    }

    // What is on the page when it loads is what the server has.
    if (asForm || !envelope) {
      stateFor("").sent = collect("").text;
    } else {
      form.querySelectorAll("[data-autosave-key][data-autosave-field]").forEach(function (field) {
        var key = field.getAttribute("data-autosave-key");
        stateFor(key).sent = collect(key).text;
      });
    }

    if (changeDelay !== null) {
      form.addEventListener("change", function (event) {
        var key = keyOf(event.target);
        if (key === null) { return; }
        // A choice made (radio, checkbox, list) with no wait is sent at once; a text field's change comes
        // as it loses focus, so it waits for the focus to land (see schedule).
        if (changeDelay === 0 && !isText(event.target)) { save(key, false); } else { schedule(key, changeDelay); }
      });
    }
    if (inputDelay !== null) {
      form.addEventListener("input", function (event) {
        var key = keyOf(event.target);
        if (key === null || !isText(event.target)) { return; }
        if (msg("pending")) { show("pending"); }
        schedule(key, inputDelay);
      });
    }
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      submitting = true;
      Object.keys(state).forEach(function (key) { clearTimeout(state[key].timer); });
    });
    window.addEventListener("pageshow", function (event) { if (event.persisted) { submitting = false; } });
    // A change made in the last moment before the tab closes or is hidden is sent at once.
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(); }
    });
  }

  function start() { document.querySelectorAll("form[data-autosave-format]").forEach(enhance); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
