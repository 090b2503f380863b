/* 掌上民政: behaviour of the citizen pages (CSP forbids inline script).
 * - large-text mode ([data-portal-large-text]): a switch kept on the device (localStorage);
 * - the draft of a form ([data-portal-draft="key"]): every field but files and [data-portal-no-draft] is saved on the
 *   device as it is typed and restored when the page is opened again (a dropped connection or a reload loses
 *   nothing); the case page ([data-portal-draft-clear="key"]) removes the draft once the application is filed;
 * - [data-mz-print]: print the page.
 */
(function () {
  "use strict";
  var PREFIX = "mz-portal-draft:";
  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function largeText() {
    var button = document.querySelector("[data-portal-large-text]");
    var s = store();
    var on = s && s.getItem("mz-portal-large") === "1";
    function apply() {
      document.documentElement.classList.toggle("portal-large", on);
      if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
    }
    apply();
    if (button) {
      button.addEventListener("click", function () {
        on = !on;
        if (s) { s.setItem("mz-portal-large", on ? "1" : "0"); }
        apply();
      });
    }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit" &&
        !el.hasAttribute("data-portal-no-draft");
    });
  }

  function drafts() {
    var s = store();
    if (!s) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-portal-draft]"), function (form) {
      var key = PREFIX + form.getAttribute("data-portal-draft");
      var status = document.querySelector("[data-portal-draft-status]");
      var saved = null;
      try { saved = JSON.parse(s.getItem(key) || "null"); } catch (e) { saved = null; }
      var serverFilled = fields(form).some(function (el) {
        return (el.type === "checkbox" ? el.checked : el.value) && el.tagName !== "SELECT";
      });
      if (saved && !serverFilled) {
        fields(form).forEach(function (el) {
          if (!(el.name in saved.values)) { return; }
          if (el.type === "checkbox") { el.checked = saved.values[el.name] === true; }
          else { el.value = saved.values[el.name]; }
        });
        if (status) { status.textContent = "已恢复您上次在本机保存的内容（" + saved.at + "）。照片请重新选择。"; }
      }
      function save() {
        var values = {};
        fields(form).forEach(function (el) { values[el.name] = el.type === "checkbox" ? el.checked : el.value; });
        var now = new Date();
        var at = now.getHours() + ":" + String(now.getMinutes()).padStart(2, "0");
        s.setItem(key, JSON.stringify({ values: values, at: at }));
        if (status) { status.textContent = "已自动保存在本机（" + at + "）"; }
      }
      form.addEventListener("input", save);
      form.addEventListener("change", save);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-portal-draft-clear]"), function (el) {
      s.removeItem(PREFIX + el.getAttribute("data-portal-draft-clear"));
    });
  }

  function print() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-mz-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { largeText(); drafts(); print(); });
}());
