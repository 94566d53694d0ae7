// Relais — attendance taken in one tap (progressive enhancement: without this script each tap posts the form
// and the page reloads). With it, the same form (antiforgery token included) is posted with fetch and the row is
// updated in place from the JSON answer.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  var counts = document.getElementById("attendance-counts");
  document.querySelectorAll("form[data-attendance-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.name) { return; }
      event.preventDefault();
      var data = new FormData(form);
      data.append(button.name, button.value);
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (answer) {
          buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.value === answer.status ? "true" : "false"); });
          if (counts) { counts.textContent = answer.counts; }
        })
        .catch(function () {
          // Fall back on the plain form post: the page reloads with the answer (or the error).
          var field = document.createElement("input");
          field.type = "hidden";
          field.name = button.name;
          field.value = button.value;
          form.appendChild(field);
          HTMLFormElement.prototype.submit.call(form);
        })
        .finally(function () { buttons.forEach(function (b) { b.disabled = false; }); });
    });
  });
})();
