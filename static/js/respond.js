// Self-assessment answers save as they are chosen. Without JavaScript, "Save and continue" saves them.
(function () {
  "use strict";
  var form = document.querySelector("form[data-respond]");
  if (!form) { return; }
  var url = form.getAttribute("data-api");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = form.querySelector(".autosave-status");
  var timers = {};
  var pending = {}; // statements whose note was typed but not yet sent

  function answerFor(key) {
    var picked = form.querySelector("input[name='answer-" + key + "']:checked");
    var note = form.querySelector("textarea[name='note-" + key + "']");
    return { value: picked ? picked.value : "", note: note ? note.value : "" };
  }

  function save(key, keepalive) {
    clearTimeout(timers[key]);
    delete pending[key];
    var answers = {};
    answers[key] = answerFor(key);
    status.textContent = "Saving…";
    fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({ answers: answers })
    }).then(function (response) {
      if (response.ok) {
        // "Saved." only when the server returns the answer and note exactly as they were sent.
        return response.json().then(function (body) {
          var kept = body && body.answers && body.answers[key];
          var sent = answers[key];
          var same = kept && String(kept.value || "") === sent.value && (kept.note || "").trim() === sent.note.trim();
          status.textContent = same ? "Saved." : "Not saved as you wrote it. Your answer is still here: use Save and continue.";
        });
      }
      return response.json().then(function (body) {
        status.textContent = (body.error && body.error.message) || "Not saved. Your answer is still here: try again.";
      });
    }).catch(function () {
      status.textContent = "Not saved: you seem to be offline. Use Save and continue when you are back online.";
    });
  }

  form.addEventListener("change", function (event) {
    var key = event.target.getAttribute("data-statement");
    if (key) { save(key, false); }
  });
  form.addEventListener("input", function (event) {
    var key = event.target.getAttribute("data-statement");
    if (key && event.target.tagName === "TEXTAREA") {
      clearTimeout(timers[key]);
      timers[key] = setTimeout(function () { save(key, false); }, 800);
    }
  });
  // Notes still waiting for their pause are sent as the tab closes or is hidden (keepalive fetch).
  form.addEventListener("input", function (event) {
    var key = event.target.getAttribute("data-statement");
    if (key && event.target.tagName === "TEXTAREA") { pending[key] = true; }
  });
  function flush() {
    Object.keys(pending).forEach(function (key) { save(key, true); });
    pending = {};
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
})();
