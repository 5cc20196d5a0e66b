// Small progressive enhancements. Loaded with <script src defer>; no inline
// scripts (strict CSP). Everything here must be optional: forms work without it.
(function () {
  "use strict";

  // Pre-fill the user's time zone so they don't have to pick it. The server
  // still validates it and the user can change it.
  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      return "";
    }
  }

  function fillTimeZones(root) {
    const tz = browserTimeZone();
    if (!tz || !root.querySelectorAll) return;
    const selector = '[name="timezone"], [data-fill-timezone]';
    const els = Array.prototype.slice.call(root.querySelectorAll(selector));
    // htmx:load may hand us the field itself (e.g. an outerHTML swap).
    if (root.matches && root.matches(selector)) els.push(root);
    els.forEach(function (el) {
      if (el.tagName === "SELECT") {
        // Respect a choice the server already made (an option marked
        // "selected"); otherwise the first option is only a default. A
        // guess from the browser's region (data-guessed) gives way to the
        // phone's own zone.
        const chosen = Array.prototype.some.call(el.options, function (o) {
          return o.defaultSelected && o.value;
        });
        if (chosen && !el.hasAttribute("data-guessed")) return;
        const match = Array.prototype.find.call(el.options, function (o) {
          return o.value === tz;
        });
        if (match) match.selected = true;
      } else if (!el.value) {
        el.value = tz;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { fillTimeZones(document); });
  } else {
    fillTimeZones(document);
  }
  // Forms swapped in by htmx need the same treatment.
  document.addEventListener("htmx:load", function (e) { fillTimeZones(e.detail.elt); });

  // The crisis plan's Print button (<button data-print hidden>) needs script; shown, it replaces
  // the sentence that says how to print from the browser's menu (data-print-how).
  function enablePrintButtons(root) {
    if (typeof window.print !== "function" || !root.querySelectorAll) return;
    root.querySelectorAll("[data-print]:not([data-print-ready])").forEach(function (button) {
      button.dataset.printReady = "";
      button.hidden = false;
      const how = button.parentNode.querySelector("[data-print-how]");
      if (how) how.hidden = true;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enablePrintButtons(document); });
  } else {
    enablePrintButtons(document);
  }
  document.addEventListener("htmx:load", function (e) { enablePrintButtons(e.detail.elt); });
})();
