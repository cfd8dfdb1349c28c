/*! kefu search boxes: the help center's search page (results as you type) and its other
 * search boxes (instant results under the box), on kefu's engine (search.js). site.js
 * mounts them; without JavaScript the forms still lead to the search page.
 */
import { noGoodAnswer, open } from "./search.js";

/**
 * Live results on the help center's search page: what is typed in `input` is searched
 * as it changes and shown in `results`, whose data attributes carry the page's words
 * (`data-loading`, `data-failed`, `data-none`, `data-weak`, `data-found` with `{n}`).
 * When there is no good answer (nothing matches, or the best rests on weak evidence),
 * the page's `[data-kefu-search-contact]` (the way to the contact page) shows.
 */
export function mountPage(results, input, locale) {
  const words = results.dataset;
  const status = element("p", "search-status");
  status.setAttribute("role", "status");
  const list = element("ul", "article-list");
  results.replaceChildren(status, list);
  const contact = document.querySelector("[data-kefu-search-contact]");
  const searcher = open(locale);
  let latest = 0;
  let ready = false;
  let addressTimer = 0;

  async function update() {
    const query = input.value.trim();
    const mine = ++latest;
    if (contact) contact.hidden = true;
    // The address follows the box, so that reloading, going back or sharing keeps it:
    // once typing pauses, out of the way of the results (and of Chromium's limit on
    // history calls).
    clearTimeout(addressTimer);
    addressTimer = setTimeout(() => {
      const address = new URL(location.href);
      if (query) address.searchParams.set("q", query);
      else address.searchParams.delete("q");
      history.replaceState(history.state, "", address);
    }, 300);
    if (!query) {
      status.textContent = "";
      list.replaceChildren();
      return;
    }
    if (!ready) status.textContent = words.loading || "";
    try {
      const hits = await searcher.search(query);
      if (mine !== latest) return;
      ready = true;
      list.replaceChildren(...hits.map(item));
      const found = (words.found || "{n}").replace("{n}", hits.length);
      status.textContent = !hits.length ? words.none || "" : noGoodAnswer(hits) ? words.weak || found : found;
      if (contact) contact.hidden = !noGoodAnswer(hits);
    } catch (err) {
      console.warn("kefu: search index:", err);
      if (mine === latest) status.textContent = words.failed || "";
    }
  }
  input.addEventListener("input", update);
  // Whoever focuses the box is about to type: load the engine and the index now.
  input.addEventListener("focus", () => searcher.load().catch(() => {}), { once: true });
  update();
}

/**
 * Instant results under one of the help center's search boxes (the header's, the home
 * page's): the best five as the visitor types, as a WAI-ARIA combobox. Arrow keys move
 * through them, Enter opens the one chosen or, with none chosen, submits the form to the
 * search page as before; Escape closes them.
 */
export function mountBox(input, locale) {
  const list = element("ul", "instant-results");
  list.id = `${input.id}-results`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels?.[0]?.textContent ?? "");
  list.hidden = true;
  input.form.classList.add("has-instant");
  input.form.append(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  const searcher = open(locale);
  let hits = [];
  let active = -1;
  let latest = 0;

  const show = (visible) => {
    list.hidden = !visible;
    input.setAttribute("aria-expanded", String(visible));
    if (!visible) choose(-1);
  };
  const choose = (n) => {
    active = n;
    [...list.children].forEach((option, i) => option.setAttribute("aria-selected", String(i === n)));
    if (n < 0) input.removeAttribute("aria-activedescendant");
    else input.setAttribute("aria-activedescendant", list.children[n].id);
  };
  const option = (hit, n) => {
    const li = element("li");
    li.id = `${list.id}-${n}`;
    li.setAttribute("role", "option");
    li.textContent = label(hit);
    // Keep the focus in the box on a press, then go.
    li.addEventListener("mousedown", (event) => event.preventDefault());
    li.addEventListener("click", () => location.assign(hit.url));
    return li;
  };

  async function update() {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) return show(false);
    try {
      const found = await searcher.search(query, 5);
      if (mine !== latest) return;
      hits = found;
      list.replaceChildren(...hits.map(option));
      show(hits.length > 0);
      choose(-1);
    } catch (err) {
      console.warn("kefu: search index:", err);
    }
  }
  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    if (list.hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      // Past either end, back to the box itself (-1).
      const step = event.key === "ArrowDown" ? 1 : -1;
      choose(((active + 1 + step + hits.length + 1) % (hits.length + 1)) - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      location.assign(hits[active].url);
    } else if (event.key === "Escape") {
      event.preventDefault();
      show(false);
    }
  });
  input.addEventListener("blur", () => show(false));
  input.addEventListener("focus", () => list.children.length && input.value.trim() && show(true));
  update();
}

/** A result's name: its title, and the section that matched. */
function label(hit) {
  return hit.section ? `${hit.title} › ${hit.section}` : hit.title;
}

function item(hit) {
  const link = element("a");
  link.href = hit.url;
  link.textContent = label(hit);
  const extract = element("p");
  extract.append(...hit.snippet.map(([text, matched]) => {
    if (!matched) return text;
    const mark = element("mark");
    mark.textContent = text;
    return mark;
  }));
  const li = element("li");
  li.append(link, extract);
  return li;
}

function element(name, className) {
  const node = document.createElement(name);
  if (className) node.className = className;
  return node;
}
