// "Exit this page": the button, or the Shift key pressed three times, leaves at once.
// location.replace keeps the page out of the history, so Back does not return to it.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  var button = document.getElementById("exit-this-page");
  if (!button) { return; }
  var exitUrl = button.getAttribute("data-exit-url");
  var presses = 0;
  var timer = null;

  function exitNow() {
    document.documentElement.classList.add("exiting");
    document.title = "Loading";
    window.location.replace(exitUrl);
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    exitNow();
  });
  button.addEventListener("keydown", function (event) {
    if (event.key === " " || event.key === "Spacebar") {
      event.preventDefault();
      exitNow();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      if (event.key !== "Shift") { presses = 0; }
      return;
    }
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) {
      presses = 0;
      exitNow();
      return;
    }
    timer = setTimeout(function () { presses = 0; }, 5000);
  });
})();
