// Appréciations page: a live character counter (announced after a pause, not on every
// keystroke), the comment-bank picker's "insert" button, and each appréciation saved on its
// own shortly after the typing stops (and on leaving the field) with PUT /api/v2/appreciations.
// Council page: each student's decision (general appréciation, distinction) saved on change
// and on leaving the field with PUT /api/v2/class-councils/{class}/{period}/decisions; in
// presentation mode, next/previous student with the arrow keys or J/K. The status line
// (aria-live) says "Saved" or "Error: …", a refused field shows the server's message next to
// it (aria-invalid, aria-describedby). Without JavaScript the pages are plain forms, and their
// submit buttons keep working with it.
import { debounced, fieldError, fieldErrors, problemMessage, putJson } from "./live.js";

const DEBOUNCE_MS = 800;
const RETRY_MS = 3000;

/** Saves one item of a page: `send(key)` resolves to the putJson result. */
function liveSaver(host, statusEl, send, fieldOf, afterOf) {
  const say = (text) => {
    if (statusEl && statusEl.textContent !== text) statusEl.textContent = text;
  };
  const saver = debounced(async (key) => {
    say(host.dataset.msgSaving || "");
    const result = await send(key);
    const field = fieldOf(key);
    if (result.ok) {
      fieldError(field, afterOf(key), null);
      say(host.dataset.msgSaved || "");
    } else if (result.status === 422) {
      const message = fieldErrors(result.body).get(`items.${key}`) || problemMessage(result.body);
      fieldError(field, afterOf(key), message);
      say(`${host.dataset.msgError || ""} ${message}`);
    } else if (result.status === 0 || result.status >= 500) {
      say(`${host.dataset.msgError || ""} ${host.dataset.msgOffline || ""}`);
      setTimeout(() => saver.touch(key), RETRY_MS);
    } else {
      say(`${host.dataset.msgError || ""} ${problemMessage(result.body)}`);
    }
    return result;
  }, DEBOUNCE_MS);
  return saver;
}
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
  const csrf = form.querySelector('input[name="csrf_token"]').value;
  const statusEl = document.getElementById("appreciations-status");
  const areaOf = (student) => document.getElementById(`text-${student}`);
  const saver = liveSaver(
    form,
    statusEl,
    async (student) => {
      const area = areaOf(student);
      const text = area.value;
      const result = await putJson("/api/v2/appreciations", csrf, {
        class_id: Number(form.dataset.class),
        subject_id: Number(form.dataset.subject),
        period_id: Number(form.dataset.period),
        items: [{ student_id: Number(student), text }],
      });
      if (result.ok) area.dataset.saved = text;
      return result;
    },
    areaOf,
    (student) => document.getElementById(`count-${student}`),
  );
  for (const area of form.querySelectorAll("textarea")) {
    const student = area.id.slice("text-".length);
    // A value refused on a plain submit is not the saved one: it is sent again when changed.
    area.dataset.saved = area.getAttribute("aria-invalid") === "true" ? "\u0000" : area.value;
    const changed = () => area.value !== area.dataset.saved;
    area.addEventListener("input", () => {
      if (changed()) saver.touch(student);
    });
    area.addEventListener("blur", () => {
      if (changed()) saver.now(student);
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
const councilEl = document.getElementById("council");
const decisionForms = councilEl ? councilEl.querySelectorAll("form.decision-form") : [];
if (decisionForms.length) {
  const api = `/api/v2/class-councils/${councilEl.dataset.class}/${councilEl.dataset.period}/decisions`;
  const statusEl = document.getElementById("council-status");
  const formOf = new Map();
  const valueOf = (f) => {
    const distinction = f.querySelector('select[name="distinction"]').value;
    return {
      general_appreciation: f.querySelector('textarea[name="general_appreciation"]').value,
      distinction: distinction || null,
    };
  };
  const saved = new Map();
  const areaOf = (student) => formOf.get(student).querySelector('textarea[name="general_appreciation"]');
  const saver = liveSaver(
    councilEl,
    statusEl,
    async (student) => {
      const f = formOf.get(student);
      const value = valueOf(f);
      const csrf = f.querySelector('input[name="csrf_token"]').value;
      const result = await putJson(api, csrf, { items: [{ student_id: Number(student), ...value }] });
      if (result.ok) saved.set(student, JSON.stringify(value));
      return result;
    },
    areaOf,
    areaOf,
  );
  for (const f of decisionForms) {
    const student = f.querySelector('input[name="student_id"]').value;
    formOf.set(student, f);
    saved.set(student, areaOf(student).getAttribute("aria-invalid") === "true" ? "" : JSON.stringify(valueOf(f)));
    const changed = () => saved.get(student) !== JSON.stringify(valueOf(f));
    // The textarea's own change comes with its focusout: only the select's counts here.
    f.addEventListener("change", (event) => {
      if (event.target instanceof HTMLSelectElement && changed()) saver.now(student);
    });
    f.addEventListener("focusout", () => {
      if (changed()) saver.now(student);
    });
    areaOf(student).addEventListener("input", () => {
      if (changed()) saver.touch(student);
    });
  }
}
