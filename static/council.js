// Appréciations page: a live character counter (announced after a pause, not on every
// keystroke) and the comment-bank picker's "insert" button. Council page in presentation
// mode: next/previous student with the arrow keys or J/K. Without JavaScript the pages are
// plain forms.
const form = document.getElementById("appreciations-form");
if (form) {
  const max = Number(form.dataset.max);
  for (const area of form.querySelectorAll("textarea")) {
    const counter = document.getElementById(area.getAttribute("aria-describedby").split(" ")[0]);
    const template = counter.textContent.replace(/^\d+/, "%n");
    let timer;
    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        counter.textContent = template.replace("%n", String(area.value.length));
        counter.classList.toggle("field-error", area.value.length > max);
      }, 700);
    });
  }
  for (const button of form.querySelectorAll("button[data-insert]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const select = document.getElementById(button.dataset.insert);
      const area = document.getElementById(select.dataset.target);
      const sep = area.value && !area.value.endsWith(" ") ? " " : "";
      area.value = (area.value + sep + select.value).slice(0, max);
      area.dispatchEvent(new Event("input"));
      area.focus();
    });
  }
}
const council = document.querySelector(".council-present");
if (council) {
  const rows = [...council.querySelectorAll("tbody tr")];
  let current = 0;
  const show = (i) => {
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => r.classList.toggle("current", j === current));
    rows[current].focus();
    rows[current].scrollIntoView({ block: "center" });
  };
  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowRight" || e.key === "j") show(current + 1);
    else if (e.key === "ArrowUp" || e.key === "ArrowLeft" || e.key === "k") show(current - 1);
    else return;
    e.preventDefault();
  });
  if (rows.length) show(0);
}
