// Report status: asks the API every few seconds until the report is ready, then shows the download link.
// Without JavaScript the page has a "Check again" link, so it works the same, one click at a time.
(function () {
  "use strict";
  var box = document.querySelector("[data-report-status]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-api");
  var message = box.querySelector("[data-report-message]");
  var check = box.querySelector("[data-report-check]");
  var download = box.querySelector("[data-report-download]");
  var tries = 0;

  function poll() {
    tries += 1;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        if (job.status === "done" && job.download_url) {
          message.textContent = box.getAttribute("data-done-text");
          download.href = job.download_url;
          download.textContent = download.textContent + " " + job.filename;
          download.hidden = false;
          if (check) { check.parentNode.hidden = true; }
          return;
        }
        if (job.status === "failed") {
          message.textContent = box.getAttribute("data-failed-text");
          if (check) { check.parentNode.hidden = true; }
          return;
        }
        // Slow down after a minute; stop after ten, leaving the "Check again" link.
        if (tries < 60) { setTimeout(poll, tries < 20 ? 3000 : 10000); }
      })
      .catch(function () { if (tries < 60) { setTimeout(poll, 10000); } });
  }
  setTimeout(poll, 2000);
})();
