// Lesson enhancements. Every one of these also works without JavaScript:
// - written answers autosave as the learner types (the Save button posts the same form);
// - "Check my answer" shows the feedback in place (without JS the page reloads with it);
// - the section being read is remembered, so "Continue where you left off" returns to it.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function putJSON(url, token, body, keepalive) {
    return fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  // Autosave written answers.
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var textarea = form.querySelector("textarea");
    var status = form.querySelector(".autosave-status");
    var url = form.getAttribute("data-api");
    var token = csrfToken(form);
    var timer = null;
    var lastSaved = textarea.value;

    function save(keepalive) {
      clearTimeout(timer);
      var text = textarea.value;
      if (text === lastSaved) { return; }
      status.textContent = "Saving…";
      putJSON(url, token, { text: text }, keepalive).then(function (response) {
        if (response.ok) {
          // "Saved." only when the server says it kept exactly this text.
          return response.json().then(function (body) {
            if (body && body.text === text) {
              lastSaved = text;
              status.textContent = textarea.value === text ? "Saved." : "Not saved yet…";
            } else {
              status.textContent = "Not saved as you wrote it. Your text is still here: use the Save button.";
            }
          });
        } else {
          return response.json().then(function (body) {
            var fields = (body.error && body.error.fields) || {};
            status.textContent = (fields.text && fields.text[0]) || "Not saved. Your text is still here: try again.";
          });
        }
      }).catch(function () {
        status.textContent = "Not saved: you seem to be offline. Your text is still here; it will save when you type again.";
      });
    }

    textarea.addEventListener("input", function () {
      status.textContent = "Not saved yet…";
      clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
    textarea.addEventListener("blur", function () { save(false); });
    window.addEventListener("pagehide", function () { save(true); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(true); }
    });
  });

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
