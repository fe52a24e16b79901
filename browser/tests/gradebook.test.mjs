// The teacher's marks grid (static/gradebook.js): as `teacher`, create an assessment through
// the form, type marks moving with Enter and the arrows, paste a column from a spreadsheet, see
// the live class average and the saved status, see a refused cell's message next to it, keep
// typing while the network fails (the marks wait on the device and survive a reload), and find
// every value saved after reloading. Creates its own assessment: no reliance on demo marks.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launch, login, newContext, pathOf } from '../lib/harness.mjs';

let browser;
let context;
let page;
before(async () => {
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
  await login(page, 'teacher');
});
after(async () => {
  await browser?.close();
});

/** The id of the focused element. */
function focusedId() {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

/** The grid's mark inputs, in order. */
const cells = () => page.locator('#marks-grid input[id^="mark-"]');

/** Waits until the status region says `text` (a string or a RegExp). */
async function waitForStatus(text) {
  const status = page.locator('#marks-status');
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.getElementById('marks-status')?.textContent ?? ''),
    text instanceof RegExp ? [text.source, text.flags] : [`^${text}$`, ''],
    { timeout: 15_000 },
  );
  return status.textContent();
}

/** Pastes text into the focused element as a clipboard paste does. */
async function paste(text) {
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    document.activeElement.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

let marksPath;

test('the teacher creates an assessment from their gradebook', async () => {
  await page.goto(`${BASE_URL}/`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Carnet de notes' }).click()]);
  assert.equal(pathOf(page).split('?')[0], '/gradebook');
  const subject = page.locator('.gradebook-subjects a').first();
  await Promise.all([page.waitForNavigation(), subject.click()]);
  assert.match(pathOf(page), /^\/classes\/\d+\/gradebook\/\d+\?period_id=\d+$/);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nouvelle évaluation' }).click()]);
  await page.getByLabel('Titre').fill(`Essai du navigateur ${Date.now()}`);
  // The date defaults to today when today is in the period; otherwise take the period's first day.
  const date = page.locator('#date');
  if (!(await date.inputValue())) {
    await date.fill(await date.getAttribute('min'));
  }
  await page.getByLabel('Barème (noté sur)').fill('20');
  await page.getByLabel('Coefficient').fill('1');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer' }).click()]);
  marksPath = pathOf(page);
  assert.match(marksPath, /^\/assessments\/\d+\/marks$/);
  assert.ok((await cells().count()) >= 7, 'one row per student of the class');
});

test('Enter and the arrows move between students; the average follows the typing', async () => {
  const ids = await cells().evaluateAll((inputs) => inputs.map((i) => i.id));
  await cells().first().focus();
  await page.keyboard.type('12,5');
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(), ids[1], 'Enter goes to the next student');
  await page.keyboard.type('15');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(), ids[2], 'ArrowDown goes to the next student');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedId(), ids[1], 'ArrowUp goes back');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('abs');
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(), ids[3]);
  // ABS is left out: (12.5 + 15) / 2.
  assert.equal(await page.locator('[data-average]').textContent(), '13,75');
  assert.equal(await page.locator('[data-count]').textContent(), '3');
  assert.equal(await waitForStatus('Enregistré'), 'Enregistré');
});

test('pasting a column fills the cells from the focused one down', async () => {
  const ids = await cells().evaluateAll((inputs) => inputs.map((i) => i.id));
  await page.locator(`#${ids[3]}`).focus();
  await paste('10\r\n8,5\r\n20\r\n');
  const values = await cells().evaluateAll((inputs) => inputs.slice(3, 6).map((i) => i.value));
  assert.deepEqual(values, ['10', '8,5', '20']);
  assert.equal(await focusedId(), ids[6], 'focus moves below the pasted column');
  // (12.5 + 15 + 10 + 8.5 + 20) / 5 = 13.2
  assert.equal(await page.locator('[data-average]').textContent(), '13,20');
  assert.equal(await page.locator('[data-count]').textContent(), '6');
  await waitForStatus('Enregistré');
});

test('a refused cell shows its message next to it until it is corrected', async () => {
  const ids = await cells().evaluateAll((inputs) => inputs.map((i) => i.id));
  const cell = page.locator(`#${ids[6]}`);
  await cell.focus();
  await page.keyboard.type('25');
  assert.match(await waitForStatus(/à corriger/), /^Enregistré, sauf une note à corriger/);
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  const described = await cell.getAttribute('aria-describedby');
  const message = page.locator(`#${described}`);
  assert.match(await message.textContent(), /comprise entre 0 et le barème/);
  assert.ok(await message.isVisible());
  await cell.fill('');
  await page.keyboard.type('9');
  await waitForStatus('Enregistré');
  assert.equal(await cell.getAttribute('aria-invalid'), null);
  assert.ok(!(await message.isVisible()), 'the message is gone');
});

test('offline, marks wait on the device, survive a reload, and are sent when it is back', async () => {
  const ids = await cells().evaluateAll((inputs) => inputs.map((i) => i.id));
  const blocked = (route) => route.abort('internetdisconnected');
  await page.route('**/api/v2/assessments/*/marks', blocked);
  const cell = page.locator(`#${ids[7]}`);
  await cell.focus();
  await page.keyboard.type('7,25');
  assert.match(await waitForStatus(/^Hors ligne/), /^Hors ligne — 1 note en attente$/);
  await page.reload();
  // Restored from the device, and still waiting.
  assert.equal(await page.locator(`#${ids[7]}`).inputValue(), '7,25');
  await waitForStatus(/^Hors ligne — 1 note en attente$/);
  await page.unroute('**/api/v2/assessments/*/marks', blocked);
  await waitForStatus('Enregistré');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('eschool:marks:')));
  assert.deepEqual(stored, [], 'nothing left waiting on the device');
});

test('after a reload every value comes back from the server', async () => {
  await page.goto(`${BASE_URL}${marksPath}`);
  const values = await cells().evaluateAll((inputs) => inputs.slice(0, 8).map((i) => i.value));
  assert.deepEqual(values, ['12,5', '15', 'ABS', '10', '8,5', '20', '9', '7,25']);
  const rows = page.locator('#marks-grid tbody tr');
  assert.equal(await rows.nth(0).locator('[data-on20]').textContent(), '12,50');
  assert.match(await rows.nth(2).locator('[data-status]').textContent(), /Non comptée/);
  // (12.5 + 15 + 10 + 8.5 + 20 + 9 + 7.25) / 7 = 11.75
  assert.equal(await page.locator('[data-average]').textContent(), '11,75');
  assert.equal(await page.locator('[data-count]').textContent(), '8');
  assert.equal(await page.locator('#marks-status').textContent(), '');
});
