// Suggestions of the header search box: the ARIA 1.2 combobox pattern with a listbox popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Without JavaScript the box is a plain
// search form posting to /recherche/.
const DELAY_MS = 150;

function setUp(form) {
  const input = form.querySelector('[role="combobox"]');
  const listbox = form.querySelector('[role="listbox"]');
  const status = form.querySelector("[data-suggestions-status]");
  const url = form.dataset.suggestionsUrl;
  let timer = null;
  let controller = null;
  let active = -1;

  const options = () => Array.from(listbox.querySelectorAll('[role="option"]'));

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function open() {
    if (!options().length) return close();
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    const items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  async function load() {
    const value = input.value.trim();
    if (value.length < 2) {
      listbox.replaceChildren();
      return close();
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(value)}`, {
        signal: controller.signal,
        headers: { Accept: "text/html" },
      });
      if (!response.ok) return close();
      listbox.innerHTML = await response.text(); // server-rendered, escaped by Django
      const count = options().length;
      status.textContent = count
        ? `${count} suggestion${count > 1 ? "s" : ""}`
        : "";
      active = -1;
      open();
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  function go(item) {
    if (item && item.dataset.url) window.location.assign(item.dataset.url);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(load, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const expanded = input.getAttribute("aria-expanded") === "true";
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!expanded) open();
      highlight(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) open();
      highlight(active - 1);
    } else if (event.key === "Enter" && expanded && active >= 0) {
      event.preventDefault();
      go(options()[active]);
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        close();
      } else {
        input.value = "";
      }
    }
  });
  listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
  listbox.addEventListener("click", (event) => {
    const item = event.target.closest('[role="option"]');
    if (item) {
      event.preventDefault();
      go(item);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("form[data-suggestions-url]").forEach(setUp);
