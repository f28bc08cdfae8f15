// Quiz answers save as the learner goes. Without JavaScript, "Save and come back later" does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-attempt]");
  if (!form) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;

  var dirty = false;

  function save(keepalive) {
    clearTimeout(timer);
    dirty = false;
    status.textContent = "Saving…";
    // keepalive: a save started as the tab closes still reaches the server.
    fetch(form.action || window.location.href, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "X-Autosave": "1", "Accept": "application/json" },
      body: new FormData(form)
    }).then(function (response) {
      if (response.ok) { status.textContent = "Saved."; return; }
      return response.json().then(function (body) {
        status.textContent = body.message || "Not saved: check the question marked with a problem, then try again.";
      });
    }).catch(function () {
      status.textContent = "Not saved: you seem to be offline. Your answers are still on this page.";
    });
  }

  form.addEventListener("change", function () {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 500);
  });
  // A change made in the last moment before the tab closes or is hidden is sent at once.
  function flush() { if (dirty) { save(true); } }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  // Submitting the form sends everything itself: no autosave should race it.
  form.addEventListener("submit", function () { clearTimeout(timer); dirty = false; });
})();
