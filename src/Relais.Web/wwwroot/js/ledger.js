// Relais — progress bar of a ledger import. Without this script the page still works: reload it.
(function () {
  "use strict";
  var section = document.querySelector("[data-ledger-progress]");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-ledger-progress");
  var bar = section.querySelector("progress");
  var text = document.getElementById("progress-text");
  function later(ms) { window.setTimeout(poll, ms); }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { later(5000); return; }
        bar.value = p.percent;
        bar.textContent = p.percent + " %";
        text.textContent = p.finished
          ? p.statusLabel
          : p.step + " : " + p.linesRead.toLocaleString("fr-FR") + " lignes (" + p.percent + " %)";
        if (p.finished) { window.location.reload(); } else { later(1000); }
      })
      .catch(function () { later(5000); });
  }
  later(500);
})();
