// Changing language reloads the page in the other language; what the person had typed in the
// page's other forms is kept for that one reload (sessionStorage, this tab only) and put back.
// Passwords are never kept. Without JavaScript the language still changes, but typed text is lost.
(function () {
  "use strict";

  const KEY = "recoverynet-typed:" + location.pathname;

  function keepable(field) {
    return field.name && !field.disabled && field.type !== "password" && field.type !== "hidden" &&
      field.type !== "file" && field.type !== "submit" && field.type !== "button";
  }

  function typedFields(except) {
    const kept = [];
    document.querySelectorAll("form").forEach(function (form, formIndex) {
      if (form === except || form.hasAttribute("data-language-form")) return;
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!keepable(field)) return;
        if (field.type === "checkbox" || field.type === "radio") {
          kept.push({ form: formIndex, name: field.name, value: field.value, checked: field.checked });
        } else {
          kept.push({ form: formIndex, name: field.name, value: field.value });
        }
      });
    });
    return kept;
  }

  function restore(kept) {
    const forms = document.querySelectorAll("form");
    kept.forEach(function (item) {
      const form = forms[item.form];
      if (!form) return;
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== item.name || !keepable(field)) return;
        if ("checked" in item) {
          if (field.value === item.value) field.checked = item.checked;
        } else {
          field.value = item.value;
        }
      });
    });
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-language-form")) return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify(typedFields(form)));
    } catch (e) {} // private mode or full: the language still changes
  });

  function putBack() {
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (e) {}
    if (kept) restore(kept);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", putBack);
  } else {
    putBack();
  }
})();
