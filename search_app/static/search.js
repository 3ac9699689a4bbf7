// The search box: "/" focuses it, and as-you-type suggestions follow the
// ARIA 1.2 combobox pattern (list autocomplete, focus stays in the input).
// Without this script the box is a plain GET form.
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (!input) return;

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  // On a narrow screen the filters start folded, except those in use.
  if (window.matchMedia("(max-width: 991px)").matches) {
    document.querySelectorAll("details.facet:not([data-active])").forEach(function (facet) {
      facet.open = false;
    });
  }

  var listbox = document.getElementById(input.getAttribute("aria-controls"));
  var status = document.getElementById("q-status");
  var types = JSON.parse(input.dataset.types || "{}");
  var options = [];
  var active = -1;
  var timer = null;
  var pending = null;

  function pageOf(suggestion) {
    var template = suggestion.type === "unit" ? input.dataset.unitsUrl : input.dataset.recordsUrl;
    return template.replace("ID", encodeURIComponent(suggestion.id));
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(suggestions) {
    listbox.textContent = "";
    options = suggestions.map(function (suggestion, i) {
      var option = document.createElement("li");
      option.id = "q-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.href = pageOf(suggestion);
      var title = document.createElement("span");
      title.className = "combobox__title";
      title.lang = "fi";
      title.textContent = suggestion.title;
      var type = document.createElement("span");
      type.className = "combobox__type";
      type.textContent = types[suggestion.type] || suggestion.type;
      option.append(title, " ", type);
      listbox.append(option);
      return option;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!options.length) {
      close();
      return;
    }
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = options.length === 1 ? input.dataset.statusOne
      : input.dataset.statusMany.replace("NUM", options.length);
  }

  function choose(index) {
    if (active >= 0) options[active].setAttribute("aria-selected", "false");
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[index].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({block: "nearest"});
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (pending) pending.abort();
    if (text.length < 2) {
      close();
      return;
    }
    pending = new AbortController();
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), {signal: pending.signal})
      .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
      .then(function (data) { if (input.value.trim() === text) show(data.suggestions || []); })
      .catch(function () { /* aborted or offline: the plain form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      if (!open || event.altKey) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (event.altKey) return;
      }
      var last = options.length - 1;
      if (event.key === "ArrowDown") choose(active >= last ? 0 : active + 1);
      else choose(active <= 0 ? last : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].dataset.href);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  listbox.addEventListener("mousedown", function (event) {
    event.preventDefault(); // keep the focus in the input
  });
  listbox.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) window.location.assign(option.dataset.href);
  });
  input.addEventListener("blur", close);
})();
