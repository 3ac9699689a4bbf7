// Counsellor tools: the referral in the customer's language, copied with
// navigator.clipboard (the text stays in a visible textarea to copy by hand),
// and a print button. Without this script the textarea alone is shown.
(function () {
  "use strict";

  function setUp(referral) {
    var text = referral.querySelector("textarea");
    var copy = referral.querySelector("[data-copy]");
    var status = referral.querySelector("[role=status]");
    var languages = referral.querySelector("[data-referral-languages]");

    languages.hidden = false;
    languages.addEventListener("change", function (event) {
      text.value = event.target.dataset.text;
      text.lang = event.target.value;
      status.textContent = "";
    });

    function fallback() {
      text.focus();
      text.select();
      status.textContent = status.dataset.failed;
    }

    copy.hidden = false;
    copy.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        fallback();
        return;
      }
      navigator.clipboard.writeText(text.value).then(function () {
        status.textContent = status.dataset.copied;
      }, fallback);
    });
  }

  document.querySelectorAll("[data-referral]").forEach(setUp);
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
