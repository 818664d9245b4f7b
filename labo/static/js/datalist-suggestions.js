// Suggestions typed-ahead into a <datalist>: the list names its source URL and the input it
// serves, and htmx refills it as the user types. Suggestions only: the server checks the
// value whatever is typed, so the form works without this script.
for (const list of document.querySelectorAll("datalist[data-suggestions-url]")) {
  const input = document.getElementById(list.dataset.suggestionsFor);
  if (input && window.htmx) {
    input.setAttribute("hx-get", list.dataset.suggestionsUrl);
    input.setAttribute("hx-trigger", "input changed delay:250ms");
    input.setAttribute("hx-target", `#${list.id}`);
    input.setAttribute("hx-swap", "innerHTML");
    window.htmx.process(input);
  }
}
