// Looking back: a "Use this" button adds a log entry's words to its answer on the page itself,
// without a round trip. Without this script the button posts the form, and the server adds them.
(function () {
  "use strict";
  if (window.recoveryNetCopyButtons) return; // loaded again by a later page: one listener is enough
  window.recoveryNetCopyButtons = true;

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("button[data-copy-to]");
    if (!button) return;
    const field = document.getElementById(button.getAttribute("data-copy-to"));
    const text = button.getAttribute("data-copy-text") || "";
    if (!field || !text) return; // let the form post: the server does the same
    event.preventDefault();
    if (field.value.indexOf(text) === -1) {
      field.value = field.value.trim() ? field.value.replace(/\s+$/, "") + "\n" + text : text;
    }
    field.focus();
  });
})();
