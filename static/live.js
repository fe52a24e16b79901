// Shared by the pages that save as the user types (static/gradebook.js, static/council.js): a JSON PUT to the API
// with the page's session cookie and its CSRF token (the hidden `csrf_token` field of the
// page's form, sent as `x-csrf-token`, as static/gradebook.js does), and the field errors of
// a 422 problem+json by field name.

/** PUTs `body` as JSON; resolves to { ok, status, body } (body {} when not JSON), or
 *  { ok: false, status: 0, body: {} } when the network failed. */
export async function putJson(url, csrf, body) {
  let response;
  try {
    response = await fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, body: {} };
  }
  let json = {};
  try {
    json = await response.json();
  } catch {
    json = {};
  }
  return { ok: response.ok, status: response.status, body: json };
}

/** The messages of a problem's field errors, by field (`items.12` → message). */
export function fieldErrors(problem) {
  const map = new Map();
  for (const e of (problem && problem.errors) || []) {
    if (e && e.field) map.set(e.field, e.message || "");
  }
  return map;
}

/** The first message of a problem, for the status line. */
export function problemMessage(problem) {
  return (problem && problem.errors && problem.errors[0] && problem.errors[0].message) || (problem && problem.detail) || "";
}

/** Shows (text) or clears (null) the error message of a field: a `<p class="field-error">`
 *  with id `<field id>-error` after `after` (created when missing), in the field's
 *  aria-describedby and with aria-invalid. */
export function fieldError(field, after, text) {
  const id = `${field.id}-error`;
  let p = document.getElementById(id);
  const ids = (field.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== id);
  if (text === null) {
    if (p) p.remove();
    field.removeAttribute("aria-invalid");
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
    return;
  }
  if (!p) {
    p = document.createElement("p");
    p.className = "field-error";
    p.id = id;
    after.after(p);
  }
  p.textContent = text;
  field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", [...ids, id].join(" "));
}

/** A per-key saver: `touch(key)` saves after `delay` ms of quiet, `now(key)` at once; one
 *  request at a time per key, a change during a request is saved after it. `save(key)`
 *  returns a promise. */
export function debounced(save, delay) {
  const timers = new Map();
  const busy = new Set();
  const again = new Set();
  async function run(key) {
    clearTimeout(timers.get(key));
    timers.delete(key);
    if (busy.has(key)) {
      again.add(key);
      return;
    }
    busy.add(key);
    try {
      await save(key);
    } finally {
      busy.delete(key);
      if (again.delete(key)) run(key);
    }
  }
  return {
    touch(key) {
      clearTimeout(timers.get(key));
      timers.set(key, setTimeout(() => run(key), delay));
    },
    now: run,
  };
}
