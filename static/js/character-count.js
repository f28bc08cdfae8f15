// Character count for long answers: govuk-frontend's character-count classes, this project's behaviour.
// Without JavaScript each text area keeps its maxlength and the hint that states the limit.
// With it, the limit stops cutting text silently (a paste longer than the limit is kept whole),
// and a visible count says how many characters are left, or how many too many; screen readers
// hear the count politely, once the person pauses typing. The server refuses over-long text with
// a message and shows it back, so nothing is ever lost.
(function () {
  "use strict";

  function length(text) {
    // Count what the server counts: characters (code points), with each line break as one.
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  function format(n) {
    return n.toLocaleString("en-GB");
  }

  function message(left) {
    if (left >= 0) {
      return "You have " + format(left) + (left === 1 ? " character" : " characters") + " remaining";
    }
    var over = -left;
    return "You have " + format(over) + (over === 1 ? " character" : " characters") + " too many";
  }

  function enhance(textarea) {
    var limit = parseInt(textarea.getAttribute("maxlength") || textarea.getAttribute("data-maxlength"), 10);
    if (!limit || textarea.hasAttribute("data-character-count-ready")) { return; }
    textarea.setAttribute("data-character-count-ready", "");
    textarea.setAttribute("data-maxlength", String(limit));
    textarea.removeAttribute("maxlength");

    var id = textarea.id || ("textarea-" + Math.random().toString(36).slice(2));
    textarea.id = id;
    // The static hint ("You can enter up to ...") is replaced by the live count.
    var hint = document.getElementById(id + "-limit");
    var visible = document.createElement("p");
    visible.className = "govuk-hint govuk-character-count__message govuk-character-count__status";
    visible.id = id + "-count";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "govuk-visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    if (hint) {
      hint.classList.add("govuk-visually-hidden");
      hint.parentNode.insertBefore(visible, hint.nextSibling);
    } else {
      hint = document.createElement("p");
      hint.className = "govuk-visually-hidden";
      hint.id = id + "-limit";
      hint.textContent = "You can enter up to " + format(limit) + " characters";
      textarea.parentNode.insertBefore(hint, textarea.nextSibling);
      hint.parentNode.insertBefore(visible, hint.nextSibling);
      var described = (textarea.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      described.push(hint.id);
      textarea.setAttribute("aria-describedby", described.join(" "));
    }
    visible.parentNode.insertBefore(spoken, visible.nextSibling);

    var timer = null;
    function update(announce) {
      var left = limit - length(textarea.value);
      visible.textContent = message(left);
      visible.classList.toggle("govuk-hint", left >= 0);
      visible.classList.toggle("govuk-error-message", left < 0);
      textarea.classList.toggle("govuk-textarea--error", left < 0);
      if (announce) {
        clearTimeout(timer);
        timer = setTimeout(function () { spoken.textContent = message(limit - length(textarea.value)); }, 1000);
      }
    }
    textarea.addEventListener("input", function () { update(true); });
    update(false);
  }

  function enhanceAll(root) {
    root.querySelectorAll("textarea[maxlength], textarea[data-maxlength]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  window.S2TCharacterCount = { length: length, message: message };
})();
