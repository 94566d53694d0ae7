// Relais — progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  // Commune picker: <input data-commune-search> fills a <datalist> from /api/v1/communes
  // and copies the INSEE code of the chosen commune into the hidden field named in data-commune-code.
  document.querySelectorAll("input[data-commune-search]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var codeField = document.getElementById(input.getAttribute("data-commune-code"));
    var timer = null;
    var known = {};
    input.addEventListener("input", function () {
      var match = known[input.value];
      if (match && codeField) { codeField.value = match; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (input.value.length < 2) { return; }
        fetch("/api/v1/communes?q=" + encodeURIComponent(input.value), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (communes) {
            list.innerHTML = "";
            communes.forEach(function (c) {
              var label = c.nom + " (" + c.departement + ") – " + c.code;
              known[label] = c.code;
              var option = document.createElement("option");
              option.value = label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
  // Focus the error summary after a failed submit so that screen readers announce it.
  var summary = document.getElementById("erreurs");
  if (summary) { summary.focus(); }
})();
