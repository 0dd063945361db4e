// Behaviour of the member portal, bound through data- attributes instead of inline handlers.
// Loaded with ``defer`` by templates/base.html; listeners sit on the document, so they also
// cover elements that come later.

// <select data-submit-on-change>: choosing an option submits the select's form at once (the
// filters of the section pages; a <noscript> button does it without JavaScript).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) {
    field.form.submit();
  }
});
