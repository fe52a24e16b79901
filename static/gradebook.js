// The marks grid of one assessment (templates/gradebook/marks.html), as an enhancement of the
// plain form that works without this file:
// - Enter or ArrowDown moves to the next student, ArrowUp (or Shift+Enter) to the previous one;
// - pasting a column copied from a spreadsheet (one value per line or per tab, decimal commas
//   welcome) fills the cells from the focused one down;
// - the class average on 20 and the number of marks follow the typing (display only: what is
//   saved, and the averages shown after saving, come from the server);
// - changed cells are saved shortly after the typing stops with
//   PUT /api/v2/assessments/{id}/marks; until the server has them they are kept in
//   localStorage, retried with a growing delay while offline or failing, and restored on reload;
// - the status region (aria-live) says what happened; a refused cell shows its message next to
//   it (aria-invalid, aria-describedby) and is not sent again until it changes.

import { putJson } from "./live.js";

const DEBOUNCE_MS = 700;
const MAX_BACKOFF_MS = 30000;

const form = document.getElementById("marks-grid");
if (form && form.dataset.closed !== "true") {
  grid(form);
}

function grid(form) {
  const id = form.dataset.assessment;
  const api = `/api/v2/assessments/${id}/marks`;
  const storeKey = `eschool:marks:${id}`;
  const max = Number(form.dataset.max) / 100;
  const words = (s) => new Set((s || "").split(/\s+/).filter(Boolean));
  const codes = words(form.dataset.codes);
  const zeroCodes = words(form.dataset.zeroCodes);
  const lang = form.dataset.lang || document.documentElement.lang || "fr";
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const csrf = form.querySelector('input[name="csrf_token"]').value;
  const statusEl = document.getElementById("marks-status");
  const averageEl = form.querySelector("[data-average]");
  const countEl = form.querySelector("[data-count]");
  const inputs = Array.from(form.querySelectorAll("input[id^='mark-']"));
  const byStudent = new Map(inputs.map((input) => [studentOf(input), input]));

  /** Unsaved values by student id (strings), mirrored in localStorage. */
  let pending = restore();
  /** Refused values by student id: { value, message }; not sent again until changed. */
  const refused = new Map();
  let timer = null;
  let retryTimer = null;
  let backoff = 0;
  let inFlight = false;
  let again = false;
  let stopped = false;

  function studentOf(input) {
    return input.id.slice("mark-".length);
  }

  function message(name, count) {
    const data = form.dataset;
    if (count === undefined) return data[name] || "";
    const form_ = plural.select(count) === "one" ? "One" : "Other";
    const pattern = data[name + form_] || data[name] || "";
    return pattern.replace("%n", String(count));
  }

  function say(text) {
    if (statusEl.textContent !== text) statusEl.textContent = text;
  }

  function restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(storeKey) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch {
      return {};
    }
  }

  function persist() {
    try {
      if (Object.keys(pending).length) {
        localStorage.setItem(storeKey, JSON.stringify(pending));
      } else {
        localStorage.removeItem(storeKey);
      }
    } catch {
      // Private mode or a full storage: the values stay in memory and in the cells.
    }
  }

  function row(student) {
    return byStudent.get(student)?.closest("tr");
  }

  /** The value typed, on 20, or null (empty, code left out, not a valid mark). */
  function on20(raw) {
    const value = raw.trim();
    if (!value) return { filled: false, value: null };
    const code = value.toUpperCase();
    if (codes.has(code)) return { filled: true, value: zeroCodes.has(code) ? 0 : null };
    if (!/^\d+([.,]\d{1,2})?$/.test(value)) return { filled: false, value: null };
    const points = Number(value.replace(",", "."));
    if (!(points <= max) || max <= 0) return { filled: false, value: null };
    return { filled: true, value: (points / max) * 20 };
  }

  function updateAverage() {
    let count = 0;
    let sum = 0;
    let counted = 0;
    for (const input of inputs) {
      const mark = on20(input.value);
      if (mark.filled) count += 1;
      if (mark.value !== null) {
        sum += mark.value;
        counted += 1;
      }
    }
    averageEl.textContent = counted ? number.format(sum / counted) : "—";
    countEl.textContent = String(count);
  }

  function showError(student, text) {
    const input = byStudent.get(student);
    const error = document.getElementById(`mark-${student}-error`);
    if (!input || !error) return;
    error.textContent = text;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", error.id);
    row(student)?.classList.add("has-error");
  }

  function clearError(student) {
    const input = byStudent.get(student);
    const error = document.getElementById(`mark-${student}-error`);
    if (!input || !error) return;
    error.textContent = "";
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    row(student)?.classList.remove("has-error");
  }

  function setCells(student, on20Text, statusText) {
    const tr = row(student);
    if (!tr) return;
    const on20Cell = tr.querySelector("[data-on20]");
    const statusCell = tr.querySelector("[data-status]");
    if (on20Cell && on20Text !== undefined) on20Cell.textContent = on20Text;
    if (statusCell && statusText !== undefined) statusCell.textContent = statusText;
    tr.classList.toggle("is-pending", student in pending);
  }

  /** Records the value of a cell after the teacher changed it. */
  function changed(input) {
    const student = studentOf(input);
    const value = input.value;
    if (refused.has(student) && refused.get(student).value !== value) {
      refused.delete(student);
      clearError(student);
    }
    if (value.trim() === (input.dataset.saved || "").trim()) {
      delete pending[student];
      setCells(student, undefined, undefined);
    } else {
      pending[student] = value;
      const mark = on20(value);
      setCells(student, mark.value === null ? "" : number.format(mark.value), message("msgChanged"));
    }
    persist();
  }

  function sendable() {
    return Object.entries(pending).filter(
      ([student, value]) => !(refused.has(student) && refused.get(student).value === value),
    );
  }

  function waitingCount() {
    return sendable().length;
  }

  function refusedCount() {
    return Object.keys(pending).length - sendable().length;
  }

  /** Says where the saving stands once nothing is on its way. */
  function report() {
    if (waitingCount() > 0) {
      say(message("msgPending", waitingCount()));
    } else if (refusedCount() > 0) {
      say(message("msgRefused", refusedCount()));
    } else {
      say(message("msgSaved"));
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(flush, delay);
  }

  function retryLater() {
    backoff = backoff ? Math.min(backoff * 2, MAX_BACKOFF_MS) : 1000;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      flush();
    }, backoff);
    say(message("msgOffline", waitingCount()));
  }

  function retryTimerActive() {
    return retryTimer !== null;
  }

  /** Applies the column as the server saved it to the cells that are not waiting. */
  function apply(marks) {
    for (const mark of marks || []) {
      const student = String(mark.student_id);
      const input = byStudent.get(student);
      if (!input) continue;
      input.dataset.saved = mark.display;
      const was = form.querySelector(`input[name="was-${student}"]`);
      if (was) was.value = mark.display;
      if (student in pending) continue;
      if (document.activeElement !== input && input.value !== mark.display) input.value = mark.display;
      setCells(student, mark.on_20 || "", mark.status || "");
    }
  }

  async function flush() {
    clearTimeout(timer);
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    const batch = sendable();
    if (!batch.length) {
      backoff = 0;
      report();
      return;
    }
    inFlight = true;
    say(message("msgSaving"));
    const response = await putJson(api, csrf, {
      marks: batch.map(([student, value]) => ({ student_id: Number(student), value })),
    });
    inFlight = false;
    if (response.status === 0) {
      retryLater();
      return;
    }
    const body = response.body;
    if (response.ok) {
      backoff = 0;
      clearTimeout(retryTimer);
      retryTimer = null;
      for (const [student, value] of batch) {
        if (pending[student] === value) delete pending[student];
      }
      persist();
      apply(body.marks);
      if (Object.keys(pending).length === 0) {
        averageEl.textContent = body.average || "—";
        countEl.textContent = String(body.count ?? countEl.textContent);
      } else {
        updateAverage();
      }
      report();
    } else if (response.status === 422) {
      const cells = (body.errors || []).filter((e) => /^marks\.\d+$/.test(e.field || ""));
      if (!cells.length) {
        // The column itself is refused (a closed period): nothing more can be saved here.
        stopped = true;
        say((body.errors && body.errors[0] && body.errors[0].message) || body.detail || "");
        return;
      }
      for (const error of cells) {
        const student = error.field.slice("marks.".length);
        refused.set(student, { value: pending[student], message: error.message });
        showError(student, error.message);
      }
      report();
      // The other cells were refused with them (all or nothing): send them again alone.
      if (sendable().length) schedule(0);
      return;
    } else if (response.status === 401 || response.status === 403) {
      stopped = true;
      say(body.detail || message("msgOffline", waitingCount()));
      return;
    } else {
      retryLater();
      return;
    }
    if (again || sendable().length) {
      again = false;
      schedule(DEBOUNCE_MS);
    }
  }

  function focusRow(index) {
    const target = inputs[Math.max(0, Math.min(inputs.length - 1, index))];
    if (target) {
      target.focus();
      target.select();
    }
  }

  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !byStudent.has(studentOf(input))) return;
    const index = inputs.indexOf(input);
    if (event.key === "Enter" || event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const up = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey);
      focusRow(index + (up ? -1 : 1));
      schedule(DEBOUNCE_MS);
    }
  });

  form.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !byStudent.has(studentOf(input))) return;
    changed(input);
    updateAverage();
    if (!inFlight && !retryTimerActive()) report();
    schedule(DEBOUNCE_MS);
  });

  form.addEventListener("focusin", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && byStudent.has(studentOf(input))) input.select();
  });

  form.addEventListener("paste", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !byStudent.has(studentOf(input))) return;
    const text = (event.clipboardData || window.clipboardData)?.getData("text") || "";
    const values = text.replace(/\r/g, "").split(/[\n\t]/);
    if (values.length > 1 && values[values.length - 1] === "") values.pop();
    if (values.length <= 1) return; // One value: the browser pastes it into the cell.
    event.preventDefault();
    const start = inputs.indexOf(input);
    let last = start;
    values.forEach((value, offset) => {
      const target = inputs[start + offset];
      if (!target) return;
      target.value = value.trim();
      changed(target);
      last = start + offset;
    });
    updateAverage();
    if (!inFlight && !retryTimerActive()) report();
    focusRow(Math.min(last + 1, inputs.length - 1));
    schedule(DEBOUNCE_MS);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    flush();
  });

  window.addEventListener("online", () => {
    backoff = 0;
    clearTimeout(retryTimer);
    retryTimer = null;
    flush();
  });

  // Cells the server refused on a plain submit keep their message until they change.
  for (const input of inputs) {
    const student = studentOf(input);
    if (input.getAttribute("aria-invalid") === "true") {
      refused.set(student, {
        value: input.value,
        message: document.getElementById(`mark-${student}-error`)?.textContent || "",
      });
      pending[student] = input.value;
    } else if (input.value !== (input.dataset.saved || "")) {
      pending[student] = input.value;
    }
  }

  // Values typed on this device and not saved yet: put them back, and send them.
  let restored = 0;
  for (const [student, value] of Object.entries(pending)) {
    const input = byStudent.get(student);
    if (!input) {
      delete pending[student];
      continue;
    }
    if (input.value !== value) {
      input.value = value;
      restored += 1;
    }
    const mark = on20(value);
    setCells(student, mark.value === null ? "" : number.format(mark.value), message("msgChanged"));
  }
  persist();
  updateAverage();
  if (restored) say(message("msgRestored", restored));
  if (sendable().length) schedule(0);
}
