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
  const unpick = event.target.closest("[data-unpick-employer]");
  if (unpick) unpickEmployer(unpick);
});

// The employer picker (templates/orgs/_employer_field.html). Suggestions are asked for on `input`, so typing,
// pasting and the end of an IME composition all count (not the keystrokes of a composition still under way);
// arrow keys move through them, Enter picks, Escape closes. Picking sets the hidden employer id. In its multiple
// mode (templates/orgs/_employer_picker.html, data-employer-multi: the field's name) picking adds a chip with the
// employer's hidden id instead, and the box is cleared for the next name; × removes a chip.
function employerOptions(input) {
  return document.getElementById(input.getAttribute("aria-controls"));
}

function employerInputOf(options) {
  return document.querySelector('[data-employer-search][aria-controls="' + options.id + '"]');
}

function pickEmployer(option) {
  const options = option.closest('[id$="-options"]');
  const input = employerInputOf(options);
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  const name = input.dataset.employerMulti;
  if (!name) {
    document.getElementById("id_employer").value = option.dataset.employerId;
    input.value = option.dataset.employerName;
    options.innerHTML = '<span class="text-success small">已选择登记在册的单位</span>';
    return;
  }
  const picked = document.getElementById(input.id + "-picked");
  const id = option.dataset.employerId;
  if (!picked.querySelector('input[value="' + id + '"]')) {
    const chip = document.createElement("li");
    chip.className = "xf-chip";
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = name;
    hidden.value = id;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close";
    remove.title = "移除";
    remove.setAttribute("aria-label", "移除" + option.dataset.employerName);
    remove.dataset.unpickEmployer = "";
    chip.append(hidden, document.createTextNode(option.dataset.employerName), remove);
    picked.append(chip);
  }
  input.value = "";
  input.dataset.searched = "";
  options.innerHTML = "";
  input.focus();
}

function unpickEmployer(button) {
  const picker = button.closest(".xf-employer-picker");
  button.closest("li").remove();
  if (picker) picker.querySelector("[data-employer-search]").focus();
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
    // typing again means a new or different employer
    if (!event.target.dataset.employerMulti) document.getElementById("id_employer").value = "";
    if (!event.isComposing) searchEmployers(event.target);
  }
});

document.addEventListener("compositionend", function (event) {
  if (event.target.matches("[data-employer-search]")) searchEmployers(event.target);
});

document.addEventListener("htmx:afterSwap", function (event) {
  const input = event.target.id ? employerInputOf(event.target) : null;
  if (input) {
    if (input.dataset.employerMulti) {  // those picked already are not offered again
      const picked = document.getElementById(input.id + "-picked");
      event.target.querySelectorAll("[data-employer-id]").forEach(function (option) {
        if (picked.querySelector('input[value="' + option.dataset.employerId + '"]')) option.remove();
      });
    }
    const any = event.target.querySelector("[data-employer-id]") !== null;
    input.setAttribute("aria-expanded", any ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }
});

document.addEventListener("keydown", function (event) {
  if (!event.target.matches("[data-employer-search]") || event.isComposing) return;
  const box = employerOptions(event.target);
  const options = Array.from(box.querySelectorAll("[data-employer-id]"));
  if (event.key === "Enter" && event.target.dataset.employerMulti) event.preventDefault();  // never sends the form
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
    box.innerHTML = "";
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

// The intake decision shows each field only with the decision(s) it belongs to (data-shown-with, separated by
// spaces: 不予受理理由 with 不予受理, 转送机关 with 转送); the page renders them hidden already for the first choice.
function showDecisionFields(form) {
  const chosen = form.querySelector('[name="decision"]').value;
  form.querySelectorAll("[data-shown-with]").forEach(function (part) {
    part.hidden = !part.dataset.shownWith.split(" ").includes(chosen);
  });
}
document.querySelectorAll("[data-intake-form]").forEach(showDecisionFields);  // a form the browser restored
document.addEventListener("change", function (event) {
  const form = event.target.closest("[data-intake-form]");
  if (form && event.target.name === "decision") showDecisionFields(form);
});

// 集体访 on the registration form: the badge beside the head count shows as soon as a visit reaches the threshold
// (the policy, given on the count field).
function showCollective(form) {
  const count = form.querySelector("[data-collective-threshold]");
  const badge = form.querySelector("[data-collective-badge]");
  const channel = form.querySelector('[name="channel"]');
  if (!count || !badge || !channel) return;
  const people = parseInt(count.value, 10);
  badge.hidden = !(channel.value === count.dataset.collectiveChannel &&
    people >= parseInt(count.dataset.collectiveThreshold, 10));
}
document.querySelectorAll("form").forEach(showCollective);
["input", "change"].forEach(function (type) {
  document.addEventListener(type, function (event) {
    if (event.target.form && ["channel", "people_count"].includes(event.target.name)) showCollective(event.target.form);
  });
});

// Searchable pickers for long lists of organisations and bodies (<select data-picker>, Tom Select): type to filter,
// arrow keys and Enter to pick, Backspace or × to remove. The native <select> stays the form's field.
function makePickers(root) {
  if (typeof TomSelect === "undefined") return;
  root.querySelectorAll("select[data-picker]").forEach(function (select) {
    if (select.tomselect) return;
    const empty = select.querySelector('option[value=""]');  // what no choice means: （本组织）, 全部组织 …
    new TomSelect(select, {
      maxOptions: null,  // every match, not only the first 50
      placeholder: (empty ? empty.textContent + " " : "") + "输入名称查找",
      closeAfterSelect: !select.multiple,  // several 协办单位 are picked in a row
      plugins: select.multiple ? { remove_button: { title: "移除" } } : { clear_button: { title: "清除" } },
      onItemAdd: function () {  // the next name is typed afresh
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
      render: {
        item: function (data, escape) { return "<div>" + escape(data.text.trim()) + "</div>"; },  // no indent
        no_results: function () { return '<div class="no-results">没有匹配的名称</div>'; },
      },
    });
  });
}
makePickers(document);
document.addEventListener("htmx:load", function (event) { makePickers(event.target); });

// A "print" button (no inline handler under the Content-Security-Policy).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
