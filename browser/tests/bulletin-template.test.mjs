// The school's bulletin template (/admin/bulletin-template), as `admin`: a broken template is
// refused with typst's message and its line, the source stays in the text area for correction,
// and the school keeps the default template.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launch, login, newContext } from '../lib/harness.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  const context = await newContext(browser);
  page = await context.newPage();
  await login(page, 'admin');
});
after(async () => {
  await browser?.close();
});

test('the school settings link to the bulletin template', async () => {
  await page.goto(`${BASE_URL}/admin/school`);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: 'Modèle de bulletin et logo' }).click(),
  ]);
  assert.equal((await page.locator('h1').innerText()).trim(), 'Modèle de bulletin');
  assert.match(await page.locator('#template-status').innerText(), /modèle par défaut/);
});

test('a broken template shows its line and is not saved', async () => {
  const broken = '#let data = json("data.json")\nBonjour\n#data.student.nope(\n';
  await page.locator('#source').fill(broken);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Vérifier et enregistrer' }).click(),
  ]);
  const summary = page.locator('#error-summary');
  assert.equal(await summary.count(), 1);
  assert.match(await summary.innerText(), /Ligne 3/);
  assert.match(await summary.innerText(), /Rien n’a été enregistré/);
  assert.equal(await page.locator('#source').inputValue(), broken, 'the source is kept');
  assert.equal(await page.locator('#source').getAttribute('aria-invalid'), 'true');
  await page.goto(`${BASE_URL}/admin/bulletin-template`);
  assert.match(await page.locator('#template-status').innerText(), /modèle par défaut/);
});
