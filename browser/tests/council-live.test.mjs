// Appréciations saved as the teacher types (static/council.js through PUT /api/v2/appreciations):
// as `teacher`, type an appréciation, see "Enregistré" in the status line without submitting,
// find it after a reload; type past the school's limit (the textarea's maxlength removed, as a
// paste from elsewhere or an older browser could) and see the server's message next to the field.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launch, login, newContext } from '../lib/harness.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  const context = await newContext(browser);
  page = await context.newPage();
  await login(page, 'teacher');
});
after(async () => {
  await browser?.close();
});

/** Waits until the status line says something matching `re`, and returns it. */
async function waitForStatus(re) {
  await page.waitForFunction(
    ([source, flags]) =>
      new RegExp(source, flags).test(document.getElementById('appreciations-status')?.textContent ?? ''),
    [re.source, re.flags],
    { timeout: 15_000 },
  );
  return page.locator('#appreciations-status').textContent();
}

let appreciationsPath;

test('an appréciation is saved as the teacher types and survives a reload', async () => {
  await page.goto(`${BASE_URL}/gradebook`);
  const subject = await page.locator('.gradebook-subjects a').first().getAttribute('href');
  appreciationsPath = subject.replace('/gradebook/', '/appreciations/');
  await page.goto(`${BASE_URL}${appreciationsPath}`);
  const area = page.locator('#appreciations-form textarea').first();
  const id = await area.getAttribute('id');
  const text = `Bon trimestre, essai du navigateur ${Date.now()}.`;
  await area.fill('');
  await area.pressSequentially(text, { delay: 5 });
  assert.equal(await waitForStatus(/^Enregistré$/), 'Enregistré');
  await page.reload();
  assert.equal(await page.locator(`#${id}`).inputValue(), text);
});

test('an appréciation over the limit shows the server’s message next to the field', async () => {
  await page.goto(`${BASE_URL}${appreciationsPath}`);
  const form = page.locator('#appreciations-form');
  const max = Number(await form.getAttribute('data-max'));
  const area = page.locator('#appreciations-form textarea').nth(1);
  const id = await area.getAttribute('id');
  await area.evaluate((el) => el.removeAttribute('maxlength'));
  await area.fill('x'.repeat(max + 5));
  const status = await waitForStatus(/^Erreur : .+/);
  const error = page.locator(`#${id}-error`);
  assert.ok(await error.isVisible(), 'the message is shown next to the field');
  const message = (await error.textContent()).trim();
  assert.ok(message.length > 0);
  assert.ok(status.includes(message), `the status line repeats the message: ${status}`);
  assert.equal(await area.getAttribute('aria-invalid'), 'true');
  assert.ok((await area.getAttribute('aria-describedby')).split(' ').includes(`${id}-error`));
  // Back within the limit: saved, and the message goes away.
  await area.fill('Correct.');
  await waitForStatus(/^Enregistré$/);
  assert.equal(await error.count(), 0);
  assert.equal(await area.getAttribute('aria-invalid'), null);
});

test('the main teacher’s council decision is saved on change', async (t) => {
  const classId = appreciationsPath.match(/^\/classes\/(\d+)\//)[1];
  await page.goto(`${BASE_URL}/classes/${classId}/council`);
  const forms = page.locator('form.decision-form');
  if ((await forms.count()) === 0) {
    t.skip('the demo teacher is not the main teacher of this class');
    return;
  }
  const select = forms.first().locator('select[name="distinction"]');
  const area = forms.first().locator('textarea[name="general_appreciation"]');
  const selectId = await select.getAttribute('id');
  const areaId = await area.getAttribute('id');
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const current = await select.inputValue();
  const value = values.find((v) => v !== current);
  await select.selectOption(value);
  const status = () => page.locator('#council-status').textContent();
  await page.waitForFunction(() => document.getElementById('council-status')?.textContent === 'Enregistré', null, {
    timeout: 15_000,
  });
  const text = `Conseil, essai du navigateur ${Date.now()}.`;
  await area.fill(text);
  await page.evaluate(() => document.getElementById('council-status').replaceChildren());
  await area.blur();
  await page.waitForFunction(() => document.getElementById('council-status')?.textContent === 'Enregistré', null, {
    timeout: 15_000,
  });
  assert.equal(await status(), 'Enregistré');
  await page.reload();
  assert.equal(await page.locator(`#${selectId}`).inputValue(), value);
  assert.equal(await page.locator(`#${areaId}`).inputValue(), text);
});
