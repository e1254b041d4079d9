// The parents' quick check: everything happens in this page. Nothing is sent, nothing is stored.
(function () {
  "use strict";
  var form = document.getElementById("quick-check");
  var data = JSON.parse(document.getElementById("quick-check-data").textContent);
  var section = document.getElementById("advice");
  var text = document.getElementById("advice-text");

  function level() {
    var yes = 0;
    var urgent = false;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      if (input.value !== "yes") return;
      yes += 1;
      if (data.urgent.indexOf(input.name) !== -1) urgent = true;
    });
    if (urgent) return "urgent";
    if (yes >= 3) return "act";
    if (yes >= 1) return "talk";
    return "none";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    text.textContent = data.advice[level()];
    section.hidden = false;
    section.focus({ preventScroll: false });
  });
  section.setAttribute("tabindex", "-1");
})();
