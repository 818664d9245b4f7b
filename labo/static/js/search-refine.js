// The search page refreshes its results as soon as a facet or the sort order changes, but
// waits for the query itself to be submitted. htmx could filter the change events alone
// (change[target.name!=='q']) only by evaluating code, which the site's CSP forbids.
const form = document.getElementById("search-form");
if (form) {
  form.addEventListener("change", (event) => {
    if (event.target.name !== "q" && window.htmx) window.htmx.trigger(form, "refine");
  });
}
