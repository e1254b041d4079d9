// The parents' quick check: everything happens in this page. Nothing is sent, nothing is stored: the page
// has no form. Without JavaScript the page shows every advice with the answers it fits (in <noscript>).
(function () {
  "use strict";
  var check = document.getElementById("quick-check");
  var data = JSON.parse(document.getElementById("quick-check-data").textContent);
  var action = document.getElementById("quick-check-action");
  var button = document.getElementById("quick-check-show");
  var section = document.getElementById("advice");
  var text = document.getElementById("advice-text");

  function level() {
    var yes = 0;
    var urgent = false;
    check.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      if (input.value !== "yes") return;
      yes += 1;
      if (data.urgent.indexOf(input.name) !== -1) urgent = true;
    });
    if (urgent) return "urgent";
    if (yes >= data.act_from) return "act";
    if (yes >= 1) return "talk";
    return "none";
  }

  button.addEventListener("click", function () {
    text.textContent = data.advice[level()];
    section.hidden = false;
    section.focus({ preventScroll: false });
  });
  section.setAttribute("tabindex", "-1");
  action.hidden = false;
})();
