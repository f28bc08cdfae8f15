// Lesson enhancements. Every one of these also works without JavaScript
// (written answers autosave with autosave.js; the Save button posts the same form):
// - "Check my answer" shows the feedback in place (without JS the page reloads with it);
// - the section being read is remembered, so "Continue where you left off" returns to it.
(function () {
  "use strict";

  function putJSON(url, token, body, keepalive) {
    return fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  // Instant feedback for scenarios and "check your understanding".
  document.querySelectorAll("form[data-instant-feedback]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var picked = form.querySelector("input[type=radio]:checked");
      event.preventDefault();
      form.querySelectorAll(".feedback").forEach(function (item) {
        item.hidden = !picked || item.getAttribute("data-option") !== picked.value;
      });
      if (!picked) {
        var region = form.querySelector(".feedback-region");
        region.setAttribute("data-empty", "true");
        form.querySelector("input[type=radio]").focus();
      }
    });
  });

  // Remember the section being read.
  var article = document.querySelector("article[data-progress-api]");
  if (article && "IntersectionObserver" in window) {
    var progressUrl = article.getAttribute("data-progress-api");
    var anyForm = document.querySelector("form input[name=csrfmiddlewaretoken]");
    var token = anyForm ? anyForm.value : "";
    var current = null;
    var sendTimer = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && entry.target.id !== current) {
          current = entry.target.id;
          clearTimeout(sendTimer);
          sendTimer = setTimeout(function () { putJSON(progressUrl, token, { section: current }, false); }, 1500);
        }
      });
    }, { rootMargin: "0px 0px -60% 0px" });
    article.querySelectorAll("[data-section], .block--reflective_question, .block--reframing").forEach(function (el) {
      observer.observe(el);
    });
    putJSON(progressUrl, token, {}, false);
  }
})();
