// The phone's share sheet for invite links, where the browser has one.
// Without it (or without JavaScript) the text-message link and the QR code still work.
(function () {
  "use strict";

  function enableShareButtons(root) {
    if (!navigator.share || !root.querySelectorAll) return;
    root.querySelectorAll("[data-share-url]:not([data-share-ready])").forEach(function (button) {
      button.dataset.shareReady = "";
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ text: button.dataset.shareText, url: button.dataset.shareUrl }).catch(function () {
          // The person closed the sheet: nothing to do.
        });
      });
    });
  }

  // htmx:load also fires for the first page and for every boosted navigation.
  document.addEventListener("DOMContentLoaded", function () { enableShareButtons(document); });
  document.addEventListener("htmx:load", function (event) { enableShareButtons(event.detail.elt); });
})();
