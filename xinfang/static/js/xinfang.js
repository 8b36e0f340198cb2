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
  if (pick) {
    document.getElementById("id_employer").value = pick.dataset.employerId;
    document.getElementById("id_employer_name").value = pick.dataset.employerName;
    document.getElementById("employer-options").innerHTML =
      '<span class="text-success small">已选择登记在册的单位</span>';
  }
});

document.addEventListener("input", function (event) {
  if (event.target.id === "id_employer_name") {
    document.getElementById("id_employer").value = "";  // typing again means a new or different employer
  }
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
