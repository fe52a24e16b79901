// The /bulletins page: while an issuing job runs, poll its progress every second and update
// the <progress> bar and the status line (aria-live polite); reload the page when it ends so
// that the table of classes shows the new counts. Without JS the page offers a refresh link.
(function () {
  "use strict";
  const box = document.getElementById("bulletin-job");
  if (!box || !box.dataset.running) {
    return;
  }
  const bar = document.getElementById("bulletin-bar");
  const status = document.getElementById("bulletin-job-status");
  const pattern = box.dataset.msgProgress || "";
  const url = "/api/v2/bulletin-jobs/" + encodeURIComponent(box.dataset.jobId);
  let lastText = status ? status.textContent : "";

  function show(job) {
    if (bar) {
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
      bar.textContent = job.done + " / " + job.total;
    }
    const text = pattern
      .replace("__done__", job.done.toLocaleString())
      .replace("__total__", job.total.toLocaleString());
    // Announce only when the text changes, so screen readers are not flooded.
    if (status && text !== lastText) {
      status.textContent = text;
      lastText = text;
    }
  }

  async function poll() {
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const job = await response.json();
        show(job);
        if (job.status === "succeeded" || job.status === "failed") {
          if (status) {
            status.textContent = box.dataset.msgDone || "";
          }
          window.location.reload();
          return;
        }
      }
    } catch (_) {
      // Offline for a moment: try again.
    }
    window.setTimeout(poll, 1000);
  }

  window.setTimeout(poll, 500);
})();
