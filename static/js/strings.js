// The sentences the scripts show, in the page's language. base.html writes them into
// <script type="application/json" id="js-strings"> (recoverynet/i18n.py, js_strings), so a
// page saved for offline use keeps the language it was saved in.
//   RecoveryNetStrings.text("need_mood")
//   RecoveryNetStrings.text("entry_refused_because", { reason: "..." })
//   RecoveryNetStrings.counted("waiting", 3)   // the "one" or "other" form, %(count)s filled in
(function () {
  "use strict";

  // Read at each use, not once: a boosted navigation swaps in the new page's block.
  function all() {
    const block = document.getElementById("js-strings");
    try {
      return block ? JSON.parse(block.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function fill(sentence, values) {
    return sentence.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function text(key, values) {
    const sentence = all()[key];
    return sentence === undefined ? key : fill(sentence, values || {});
  }

  // English and Spanish have two forms; the server sends both (key.one, key.other).
  function counted(key, count, values) {
    return text(key + (count === 1 ? ".one" : ".other"), Object.assign({ count: count }, values || {}));
  }

  window.RecoveryNetStrings = { text: text, counted: counted };
})();
