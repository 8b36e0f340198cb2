// Small behaviours of the registration form; everything else is plain HTML and htmx.
document.addEventListener("click", function (event) {
  const add = event.target.closest("[data-add-petitioner]");
  if (add) {
    const total = document.getElementById("id_p-TOTAL_FORMS");
    const index = parseInt(total.value, 10);
    const html = document.getElementById("petitioner-template").innerHTML.replace(/__prefix__/g, index);
    document.getElementById("petitioners").insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    htmx.process(document.getElementById("petitioners").lastElementChild);
    const first = document.querySelector(`[name="p-${index}-name"]`);
    if (first) first.focus();
  }
  const pick = event.target.closest("[data-employer-id]");
  if (pick) pickEmployer(pick);
});

// The employer picker (templates/orgs/_employer_field.html). Suggestions are asked for on `input`, so typing,
// pasting and the end of an IME composition all count (not the keystrokes of a composition still under way);
// arrow keys move through them, Enter picks, Escape closes. Picking sets the hidden employer id.
function pickEmployer(option) {
  document.getElementById("id_employer").value = option.dataset.employerId;
  const input = document.getElementById("id_employer_name");
  input.value = option.dataset.employerName;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  document.getElementById("employer-options").innerHTML =
    '<span class="text-success small">已选择登记在册的单位</span>';
}

let employerSearchTimer = null;
function searchEmployers(input) {
  clearTimeout(employerSearchTimer);
  employerSearchTimer = setTimeout(function () {
    if (input.value.trim() !== input.dataset.searched) {
      input.dataset.searched = input.value.trim();
      htmx.trigger(input, "employer-search");
    }
  }, 250);
}

document.addEventListener("input", function (event) {
  if (event.target.matches("[data-employer-search]")) {
    document.getElementById("id_employer").value = "";  // typing again means a new or different employer
    if (!event.isComposing) searchEmployers(event.target);
  }
});

document.addEventListener("compositionend", function (event) {
  if (event.target.matches("[data-employer-search]")) searchEmployers(event.target);
});

document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id === "employer-options") {
    const input = document.getElementById("id_employer_name");
    const any = event.target.querySelector("[data-employer-id]") !== null;
    input.setAttribute("aria-expanded", any ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }
});

document.addEventListener("keydown", function (event) {
  if (!event.target.matches("[data-employer-search]") || event.isComposing) return;
  const options = Array.from(document.querySelectorAll("#employer-options [data-employer-id]"));
  if (options.length === 0) return;
  const current = options.findIndex(function (option) { return option.classList.contains("active"); });
  let next = null;
  if (event.key === "ArrowDown") next = (current + 1) % options.length;
  else if (event.key === "ArrowUp") next = current <= 0 ? options.length - 1 : current - 1;
  else if (event.key === "Enter" && current >= 0) {
    event.preventDefault();  // picks; does not send the form
    pickEmployer(options[current]);
    return;
  } else if (event.key === "Escape") {
    document.getElementById("employer-options").innerHTML = "";
    event.target.setAttribute("aria-expanded", "false");
    return;
  }
  if (next === null) return;
  event.preventDefault();
  options.forEach(function (option, i) {
    option.classList.toggle("active", i === next);
    option.setAttribute("aria-selected", i === next ? "true" : "false");
  });
  event.target.setAttribute("aria-expanded", "true");
  event.target.setAttribute("aria-activedescendant", options[next].id);
  options[next].scrollIntoView({ block: "nearest" });
});

// Ctrl+Enter saves a form that offers it (a run of consultations is typed without the mouse).
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    const button = event.target.form && event.target.form.querySelector("[data-ctrl-enter]");
    if (button) {
      event.preventDefault();
      button.click();
    }
  }
});
