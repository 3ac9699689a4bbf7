/* Palveluhaku widget: the City of Helsinki's service search on any site.
 *
 *   <script src="https://<our host>/embed/widget.js" data-lang="fi" defer></script>
 *
 * Put the tag in <body> where the search box should appear. data-lang (fi, sv, en) is the
 * language of the widget's words and of the units' names, and the API's ui= (the likely
 * language of the query); data-limit (1-50, default 5) is how many results are shown.
 * The partner's origin must be in our `cors_origins` setting.
 *
 * The box lives in a Shadow DOM, so the page's CSS and ours do not meet; the widget's
 * styles are a constructed stylesheet, which a strict CSP without 'unsafe-inline' allows.
 * Only the API's snippet carries markup, and only its <mark>s are kept: every other
 * string goes in as text.
 */
(() => {
  "use strict";

  const STRINGS = {
    fi: {
      label: "Hae Helsingin kaupungin palveluista", placeholder: "esim. suomen kielen kurssi",
      button: "Hae", none: "Ei tuloksia.", count: (n) => (n === 1 ? "1 tulos" : `${n} tulosta`),
      responsible: "Vastuutaho:", newTab: "(avautuu uuteen välilehteen)", searching: "Haetaan…",
      failed: "Haku ei onnistunut. Yritä uudelleen.", all: "Kaikki tulokset Palveluhaussa",
      unsure: "Haku ei löytänyt tähän selvää vastausta. Neuvontaa saat täältä:",
      notAllowed: "Tämä sivusto ei voi käyttää Palveluhakua: sen osoitetta ei ole haun asetuksissa (cors_origins).",
    },
    sv: {
      label: "Sök i Helsingfors stads tjänster", placeholder: "t.ex. kurs i finska",
      button: "Sök", none: "Inga resultat.", count: (n) => `${n} resultat`,
      responsible: "Ansvarig:", newTab: "(öppnas i en ny flik)", searching: "Söker…",
      failed: "Sökningen misslyckades. Försök igen.", all: "Alla resultat i Palveluhaku",
      unsure: "Sökningen hittade inget tydligt svar på detta. Här får du personlig rådgivning:",
      notAllowed: "Den här webbplatsen kan inte använda Palveluhaku: dess adress finns inte i sökningens inställningar (cors_origins).",
    },
    en: {
      label: "Search the City of Helsinki's services", placeholder: "e.g. Finnish language course",
      button: "Search", none: "No results.", count: (n) => (n === 1 ? "1 result" : `${n} results`),
      responsible: "Responsible:", newTab: "(opens in a new tab)", searching: "Searching…",
      failed: "The search failed. Please try again.", all: "All results in Palveluhaku",
      unsure: "The search found no clear answer to this. A person can help:",
      notAllowed: "This site cannot use Palveluhaku: its address is not in the search's settings (cors_origins).",
    },
  };

  const STYLE = `
    :host { display: block; }
    .root {
      all: initial; display: block; font-family: "Helsinki Grotesk", Arial, sans-serif;
      line-height: 1.5; color: #1a1a1a; background: #fff; text-align: start;
    }
    *, *::before, *::after { box-sizing: border-box; }
    label { display: block; font-weight: 500; margin-bottom: 0.25em; }
    .row { display: flex; gap: 0.5em; }
    input, button { font: inherit; margin: 0; border-radius: 0; }
    input { flex: 1; min-width: 0; padding: 0.5em 0.75em; border: 2px solid #808080; color: inherit; background: #fff; }
    button {
      padding: 0.5em 1em; border: 2px solid #0000bf; color: #fff; background: #0000bf;
      font-weight: 500; cursor: pointer;
    }
    button:hover { border-color: #00005e; background: #00005e; }
    input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #0072c6; outline-offset: 2px; }
    a { color: #0000bf; font-weight: 500; }
    .status { margin: 0.75em 0 0.25em; font-size: 0.875em; }
    .status:empty { display: none; }
    ol { margin: 0; padding: 0; list-style: none; }
    li { padding: 0.75em 0; border-top: 1px solid #dedfe1; }
    .unsure { border-left: 4px solid #ffda07; background: #fff4b4; padding: 0.5em 0.75em; margin: 0.5em 0; }
    .unsure p { margin: 0 0 0.25em; }
    .unsure ul { padding-left: 1.25em; }
    .unsure li { padding: 0; border: 0; }
    p { margin: 0.25em 0 0; overflow-wrap: anywhere; }
    .units { font-size: 0.875em; color: #525a65; }
    mark { color: inherit; background: #ffe977; }
    [hidden] { display: none; }
    .visually-hidden {
      position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
    }`;

  const script = document.currentScript;
  const base = new URL("..", script.src); // widget.js is at <base>embed/widget.js
  const lang = Object.keys(STRINGS).includes(script.dataset.lang) ? script.dataset.lang : "fi";
  const words = STRINGS[lang];
  const limit = Math.min(Math.max(Number.parseInt(script.dataset.limit, 10) || 5, 1), 50);

  /** An element with a class and a text, both optional. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };
  const unescapeHtml = (text) => text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name) => ENTITIES[name]);

  /** The API's snippet (escaped text with <mark>s) as nodes: marks kept, anything else as text. */
  function snippet(html) {
    const paragraph = el("p", "snippet");
    let marked = false;
    for (const part of html.split(/(<\/?mark>)/)) {
      if (part === "<mark>" || part === "</mark>") marked = part === "<mark>";
      else if (part) paragraph.append(marked ? el("mark", "", unescapeHtml(part)) : unescapeHtml(part));
    }
    return paragraph;
  }

  /** A link to one of our pages, opening in a new tab (and saying so to screen readers). */
  function link(path, query, text, className) {
    const a = el("a", className, text);
    a.href = new URL(`${path}?${new URLSearchParams(query)}`, base).href;
    a.target = "_blank";
    a.rel = "noopener";
    a.append(el("span", "visually-hidden", ` ${words.newTab}`));
    return a;
  }

  function result(hit) {
    const item = el("li");
    const kind = hit.type === "unit" ? "units" : "records";
    const title = link(`${kind}/${encodeURIComponent(hit.id)}`, { ui: lang }, hit.title);
    title.lang = hit.title_lang || "fi";  // the API gives the title in our language where the city has one
    item.append(title, snippet(hit.snippet));
    if (hit.units.length) {
      const names = hit.units.map((unit) => unit.name[lang] || unit.name.fi || unit.id);
      item.append(el("p", "units", `${words.responsible} ${names.join("; ")}`));
    }
    return item;
  }

  // The widget: a form, a live region for the count, the results and a link to all of them.
  const host = document.createElement("palveluhaku-search");
  const shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in shadow) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(el("style", "", STYLE));
  }
  const root = el("div", "root");
  root.lang = lang;
  const form = el("form");
  form.setAttribute("role", "search");
  const label = el("label", "", words.label);
  label.htmlFor = "q";
  const input = el("input");
  Object.assign(input, { id: "q", name: "q", type: "search", placeholder: words.placeholder,
                         autocomplete: "off", dir: "auto" });
  const row = el("div", "row");
  row.append(input, el("button", "", words.button));
  form.append(label, row);
  const status = el("p", "status");
  status.setAttribute("role", "status");
  const list = el("ol");
  const more = el("p");
  more.hidden = true;
  const notice = el("div");
  root.append(form, status, notice, list, more);
  shadow.append(root);
  if (script.closest("body")) script.after(host);
  else document.body.append(host);

  let pending = null;
  async function run(q) {
    pending?.abort();
    const request = (pending = new AbortController());
    status.textContent = words.searching;
    const url = new URL("api/v1/search", base);
    url.search = new URLSearchParams({ q, ui: lang, limit });
    try {
      const response = await fetch(url, { signal: request.signal, credentials: "omit" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      show(await response.json(), q);
    } catch (error) {
      if (error.name === "AbortError") return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = (await allowed()) === false ? words.notAllowed : words.failed;
    }
  }

  /** Where to ask a person, when the search is not sure: its own page, or the address the city gives. */
  function unsureNotice(advice) {
    const box = el("div", "unsure");
    const items = advice.map((a) => {
      const name = a.name[lang] || a.name.fi || "";
      const item = el("li");
      if (/^https?:\/\//.test(a.url || "")) {
        const external = el("a", "", name);
        Object.assign(external, { href: a.url, target: "_blank", rel: "noopener" });
        item.append(external);
      } else if (a.id) {
        const kind = a.type === "unit" ? "units" : "records";
        item.append(link(`${kind}/${encodeURIComponent(a.id)}`, { ui: lang }, name));
      } else {
        item.textContent = name;
      }
      return item;
    });
    const listed = el("ul");
    listed.append(...items);
    box.append(el("p", "", words.unsure), listed);
    return box;
  }

  /** Whether this page's origin may call the API (false), or it could not be told (null). A blocked
   * cross-origin call looks like a network error, so the widget asks an endpoint open to all. */
  async function allowed() {
    try {
      const response = await fetch(new URL("embed/access", base), { credentials: "omit" });
      return response.ok ? (await response.json()).allowed : null;
    } catch {
      return null;
    }
  }

  function show(data, q) {
    list.replaceChildren(...data.results.map(result));
    notice.replaceChildren(...(data.confidence === "low" ? [unsureNotice(data.advice || [])] : []));
    status.textContent = data.total ? words.count(data.total) : words.none;
    more.replaceChildren(link("", { q, ui: lang }, words.all, "all"));
    more.hidden = data.total <= data.results.length;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q) run(q);
  });
})();
