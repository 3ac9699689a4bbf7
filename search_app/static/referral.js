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

    var handout = referral.querySelector("a[data-handout]");
    var printed = referral.querySelector(".referral__print");
    languages.addEventListener("change", function () {
      var chosen = languages.selectedOptions[0];
      text.value = printed.textContent = chosen.dataset.text;
      text.lang = printed.lang = chosen.value;
      text.dir = printed.dir = chosen.dataset.dir;
      handout.href = chosen.dataset.handout;
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
