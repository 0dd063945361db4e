// The 打印 button of the admin's print pages (花名册, 党费报表): any element marked
// ``data-print`` opens the browser's print dialog, in place of an inline onclick.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
