// Quiz answers save as the learner goes. Without JavaScript, "Save and come back later" does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-attempt]");
  if (!form) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;

  function save() {
    clearTimeout(timer);
    status.textContent = "Saving…";
    fetch(form.action || window.location.href, {
      method: "POST",
      credentials: "same-origin",
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
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  });
})();
