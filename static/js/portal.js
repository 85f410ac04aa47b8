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

// Phones: a list's filters fold behind a "Bộ lọc" button so the list is on the first screen. They start
// open on a wide screen, or when the address already filters the list; without script they stay open.
// A one-field search (the public schedule) is short enough to stay out.
const wideScreen = window.matchMedia("(min-width: 900px)");
function foldFilters() {
  const filtering = [...new URLSearchParams(location.search).entries()].some(([k, v]) => k !== "page" && v);
  for (const form of document.querySelectorAll("form.filters")) {
    let fold = form.closest("details.filters-fold");
    if (!fold && form.querySelectorAll(".field").length <= 2) continue;
    if (!fold) {
      fold = document.createElement("details");
      fold.className = "filters-fold";
      const summary = document.createElement("summary");
      summary.textContent = document.body.dataset.filtersLabel || "Bộ lọc";
      form.replaceWith(fold);
      fold.append(summary, form);
    }
    fold.open = wideScreen.matches || filtering || fold.querySelector(".error") !== null;
  }
}
foldFilters();
wideScreen.addEventListener("change", () => {
  if (wideScreen.matches) for (const fold of document.querySelectorAll("details.filters-fold")) fold.open = true;
});

// File inputs: the browser's own button and "no file chosen" follow the browser's language, not the page's.
// Here they get a Vietnamese button and the chosen file's name; the native input stays in the form (it is what is
// submitted, and its <label> still opens the picker). Without JavaScript the native control is shown as it is.
const FILE_PICK_WORDS = {
  vi: { one: "Chọn tệp", many: "Chọn các tệp", none: "Chưa chọn tệp nào" },
  en: { one: "Choose file", many: "Choose files", none: "No file chosen" },
};
function enhanceFileInput(input) {
  if (input.dataset.filePick) return;
  const words = FILE_PICK_WORDS[document.documentElement.lang] || FILE_PICK_WORDS.vi;
  input.dataset.filePick = "1";
  const wrap = document.createElement("span");
  wrap.className = "file-pick";
  wrap.style.position = "relative";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-secondary";
  button.textContent = input.multiple ? words.many : words.one;
  const name = document.createElement("span");
  name.className = "file-pick-name muted";
  name.id = (input.id || input.name) + "-chosen";
  name.setAttribute("aria-live", "polite");
  name.textContent = words.none;
  button.setAttribute("aria-describedby", name.id);
  const label = input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
  if (label) button.setAttribute("aria-label", `${button.textContent}: ${label.textContent.trim()}`);
  input.parentNode.insertBefore(wrap, input);
  wrap.append(input, button, " ", name);
  // Visually hidden, still in the form and reachable by its label; the button takes the keyboard focus instead.
  Object.assign(input.style, { position: "absolute", width: "1px", height: "1px", opacity: "0", overflow: "hidden" });
  input.tabIndex = -1;
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const files = Array.from(input.files || []);
    name.textContent = files.length ? files.map((file) => file.name).join(", ") : words.none;
  });
}
function enhanceFileInputs(root) {
  root.querySelectorAll('input[type="file"]').forEach(enhanceFileInput);
}
document.addEventListener("DOMContentLoaded", () => enhanceFileInputs(document));
document.addEventListener("htmx:afterSwap", (event) => enhanceFileInputs(event.target));

// The print pages' "In" button (no inline onclick, so a Content-Security-Policy can forbid inline script).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A formset's "+ Thêm …" button: a new row from its <template>, numbered by the management form's TOTAL_FORMS.
// data-formset-add is the prefix, -rows the container, -template the row's template, -focus the field to focus.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const rows = document.getElementById(button.dataset.formsetRows);
  const html = document.getElementById(button.dataset.formsetTemplate).innerHTML.replace(/__prefix__/g, total.value);
  rows.insertAdjacentHTML("beforeend", html);
  const focus = button.dataset.formsetFocus && document.getElementById(`id_${prefix}-${total.value}-${button.dataset.formsetFocus}`);
  total.value = Number(total.value) + 1;
  if (window.htmx) htmx.process(rows);
  if (focus) focus.focus();
});

// Without script the phone menu stays open (portal.css, under .no-js); with it, the toggle opens and closes it.
document.documentElement.classList.remove("no-js");
