// Dân Vận Portal: the little behaviour the pages need; everything works without it except the phone menu.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-nav-toggle]");
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("open", open);
});

// Behaviour bound here rather than in inline handlers, so a Content-Security-Policy can forbid inline script.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-join-case]");
  if (!button) return;
  const field = document.getElementById("id_join_case");
  if (field) field.value = button.dataset.joinCase;
});
