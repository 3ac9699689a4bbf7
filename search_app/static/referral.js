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
    // The page holds the referral in the interface language; another is fetched when chosen.
    var fetched = {};
    fetched[languages.value] = text.value;
    function show(chosen, value) {
      text.value = printed.textContent = value;
      text.lang = printed.lang = chosen.value;
      text.dir = printed.dir = chosen.dataset.dir;
      handout.href = chosen.dataset.handout;
    }
    languages.addEventListener("change", function () {
      var chosen = languages.selectedOptions[0];
      status.textContent = "";
      if (fetched[chosen.value] !== undefined) {
        show(chosen, fetched[chosen.value]);
        return;
      }
      fetch(referral.dataset.url + "&lang=" + encodeURIComponent(chosen.value), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          fetched[chosen.value] = data.text;
          if (languages.value === chosen.value) show(chosen, data.text);
        }, function () {
          status.textContent = status.dataset.failed;
        });
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
