/*
 * The drawing page around the body-map widget (painmaps/draw.html):
 * - an empty drawing is not sent as it is: "No pain anywhere today?" asks first, and only its
 *   yes records a day without pain (the server refuses an empty map without that answer);
 * - leaving with marks (or a note) not saved asks first: the browser's own question on reload,
 *   close or typed address (beforeunload), and "Leave without saving?" for a link or another
 *   form of the page (the menu, "Back without saving", "Log out").
 */
(function () {
  "use strict";

  function painful(input) {
    try {
      var marks = JSON.parse(input.value || "[]");
      return Array.isArray(marks) && marks.some(function (m) { return m && m.intensity > 0; });
    } catch (error) {
      // Unreadable: let the server say what is wrong with it.
      return true;
    }
  }

  function open(dialog, focus) {
    if (dialog.open) dialog.close();
    dialog.showModal();
    if (focus) focus.focus();
  }

  function setUp(form) {
    var input = form.querySelector("[data-marks-input]");
    var note = form.querySelector("textarea[name=note]");
    var question = form.querySelector("[data-no-pain-question]");
    var leave = document.querySelector("[data-leave-question]");
    if (!input || !question) return;
    var yes = question.querySelector("[data-no-pain-yes]");
    var sending = false;
    var goOn = null;

    // Nothing on this page is saved until it is sent: any mark or note is unsaved work.
    function unsaved() {
      if (sending) return false;
      var marks = input.value && input.value !== "[]";
      return Boolean(marks || (note && note.value.trim()));
    }

    function backToTheMap() {
      question.close();
      var first = form.querySelector('.bodymap-region[tabindex="0"]');
      if (first) first.focus();
    }

    form.addEventListener("submit", function (event) {
      var answer = event.submitter && event.submitter.hasAttribute("data-no-pain-yes");
      if (!answer && !painful(input)) {
        event.preventDefault();
        open(question, yes);
        return;
      }
      sending = true;
    });
    question.querySelector("[data-no-pain-back]").addEventListener("click", backToTheMap);
    // A mark made while the question is up (it is open after a refused post) answers it.
    form.addEventListener("bodymap:change", function () {
      if (question.open && painful(input)) question.close();
    });
    // The server asked (the drawing came without the script's question): ask the same way.
    if (question.hasAttribute("open")) open(question, yes);

    window.addEventListener("beforeunload", function (event) {
      if (!unsaved()) return;
      event.preventDefault();
      // Older browsers need a return value to show their question.
      event.returnValue = "";
    });

    if (!leave) return;
    function ask(then) {
      goOn = then;
      open(leave, leave.querySelector("[data-leave-stay]"));
    }
    leave.querySelector("[data-leave-stay]").addEventListener("click", function () {
      goOn = null;
      leave.close();
    });
    leave.querySelector("[data-leave-go]").addEventListener("click", function () {
      var then = goOn;
      goOn = null;
      sending = true;
      leave.close();
      if (then) then();
    });
    document.addEventListener(
      "click",
      function (event) {
        var link = event.target.closest ? event.target.closest("a[href]") : null;
        if (!link || event.defaultPrevented || !unsaved()) return;
        // A new tab or window leaves this page as it is.
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        if (link.target && link.target !== "_self") return;
        if (link.hasAttribute("download") || link.getAttribute("href").charAt(0) === "#") return;
        event.preventDefault();
        ask(function () { window.location.assign(link.href); });
      },
      true
    );
    document.addEventListener(
      "submit",
      function (event) {
        var other = event.target;
        if (other === form || !unsaved()) return;
        event.preventDefault();
        ask(function () { HTMLFormElement.prototype.submit.call(other); });
      },
      true
    );
  }

  function init() {
    document.querySelectorAll("form[data-draw-form]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
