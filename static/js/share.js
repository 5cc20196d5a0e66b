// Invite links: the phone's share sheet where the browser has one, and a Copy link button where
// the browser may write to the clipboard. The words come from the page (data attributes), in its
// language. Without either (or without JavaScript) the link stays in its box to select and copy,
// beside the text-message link and the QR code.
(function () {
  "use strict";

  function enableShareButtons(root) {
    if (!navigator.share) return;
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

  // <button data-copy-from="box id" data-copied="Link copied." data-not-copied="..." hidden>,
  // and a role="status" element with data-copy-status for what happened.
  function enableCopyButtons(root) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    root.querySelectorAll("[data-copy-from]:not([data-copy-ready])").forEach(function (button) {
      const box = document.getElementById(button.dataset.copyFrom);
      if (!box) return;
      button.dataset.copyReady = "";
      button.hidden = false;
      const status = button.parentNode.querySelector("[data-copy-status]");
      function say(sentence) {
        if (status) status.textContent = sentence;
      }
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(box.value).then(function () {
          say(button.dataset.copied);
        }, function () {
          // Refused (no permission): leave the link selected, to copy by hand.
          box.focus();
          box.select();
          say(button.dataset.notCopied);
        });
      });
    });
  }

  function enable(root) {
    if (!root.querySelectorAll) return;
    enableShareButtons(root);
    enableCopyButtons(root);
  }

  // htmx:load also fires for the first page and for every boosted navigation.
  document.addEventListener("DOMContentLoaded", function () { enable(document); });
  document.addEventListener("htmx:load", function (event) { enable(event.detail.elt); });
})();
