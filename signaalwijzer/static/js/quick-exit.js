// The quick exit ("Snel weg") on the public pages: leave for a neutral site at once, by the button or the
// Escape key, and put that site in place of this page in the history (location.replace), so the back button
// does not come back here. It cannot erase pages visited before: the safe-browsing page says so.
// Without JavaScript the button is a plain link to the same site.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;

  function leave(event) {
    event.preventDefault();
    document.body.hidden = true; // show nothing of this page while the other site loads
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.isComposing) leave(event);
  });
})();
