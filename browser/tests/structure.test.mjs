// School structure with a keyboard: levels, the coefficient grid, a class's teaching
// assignments (year-long and for one period), deleting after a confirmation page, closing and
// reopening a period; a teacher's classes. Leaves the demo data as it found it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, launch, login, newContext, pathOf } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Presses Enter in a field and waits for the page the form leads to. */
async function enter(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.press('Enter')]);
}

describe('as the school admin', () => {
  let context;
  let page;
  before(async () => {
    context = await newContext(browser);
    page = await context.newPage();
    await login(page, 'admin');
  });
  after(async () => {
    await context?.close();
  });

  test('the navigation leads to the structure overview and its current year', async () => {
    await page.goto(`${BASE_URL}/`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Structure', exact: true }).click()]);
    assert.equal(pathOf(page), '/admin/structure');
    assert.match(await page.locator('main').innerText(), /2026-2027/);
    assert.equal(await page.getByRole('row', { name: /Trimestre 3/ }).count(), 1);
  });

  test('a level is added from the keyboard and goes last', async () => {
    await page.goto(`${BASE_URL}/admin/structure/levels`);
    const name = page.getByLabel('Nom');
    await name.fill('2nde');
    await enter(page, name);
    assert.equal(pathOf(page), '/admin/structure/levels');
    const last = page.locator('tbody tr').last();
    assert.match(await last.innerText(), /2nde/);
  });

  test('a taken level name is a field error next to the field', async () => {
    await page.goto(`${BASE_URL}/admin/structure/levels`);
    const name = page.getByLabel('Nom');
    await name.fill('6e');
    await enter(page, name);
    assert.equal(await page.locator('#name-error').innerText(), 'Un niveau porte déjà ce nom.');
    assert.equal(await page.locator('#name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
  });

  test('the coefficient grid takes a decimal comma and shows it back', async () => {
    await page.goto(`${BASE_URL}/admin/structure/coefficients`);
    const cell = page.locator('input.coef').first();
    const before = await cell.inputValue();
    await cell.fill('2,5');
    await enter(page, cell);
    assert.equal(pathOf(page), '/admin/structure/coefficients?saved=1');
    assert.equal(await page.getByRole('status').innerText(), 'Modifications enregistrées.');
    assert.equal(await page.locator('input.coef').first().inputValue(), '2,5');
    // Put the demo value back.
    await page.locator('input.coef').first().fill(before);
    await enter(page, page.locator('input.coef').first());
    assert.equal(await page.locator('input.coef').first().inputValue(), before);
  });

  test("a class's assignments: one select per subject, saved with Enter", async () => {
    await page.goto(`${BASE_URL}/admin/structure/classes`);
    const klass = await page.locator('tbody a[href^="/classes/"]').first().getAttribute('href');
    const id = klass.split('/').pop();
    await page.goto(`${BASE_URL}/admin/structure/classes/${id}/assignments`);
    const select = page.locator('select[id^="t"]').first();
    const before = await select.inputValue();
    assert.notEqual(before, '', 'the demo fills every subject');
    const label = await page.locator(`label[for="${await select.getAttribute('id')}"]`).innerText();
    await select.selectOption('');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).press('Enter')]);
    assert.match(pathOf(page), /saved=1$/);
    assert.equal(await page.locator('select[id^="t"]').first().inputValue(), '');
    await page.goto(`${BASE_URL}${klass}`);
    assert.equal(await page.getByRole('row', { name: new RegExp(label) }).count(), 0, 'the class page no longer lists it');
    await page.goto(`${BASE_URL}/admin/structure/classes/${id}/assignments`);
    await page.locator('select[id^="t"]').first().selectOption(before);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).click()]);
    assert.equal(await page.locator('select[id^="t"]').first().inputValue(), before);
  });

  test('deleting a level asks on a page of its own; Cancel keeps it', async () => {
    await page.goto(`${BASE_URL}/admin/structure/levels`);
    const remove = page.getByRole('link', { name: 'Supprimer 2nde' });
    await Promise.all([page.waitForNavigation(), remove.click()]);
    assert.match(pathOf(page), /^\/admin\/structure\/levels\/\d+\/delete$/);
    assert.equal(await page.locator('h1').innerText(), 'Supprimer le niveau « 2nde » ?');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Annuler' }).click()]);
    assert.equal(pathOf(page), '/admin/structure/levels');
    assert.equal(await page.getByRole('row', { name: /2nde/ }).count(), 1, 'Cancel keeps the level');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Supprimer 2nde' }).click()]);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Oui, supprimer' }).press('Enter')]);
    assert.equal(pathOf(page), '/admin/structure/levels');
    assert.equal(await page.getByRole('row', { name: /2nde/ }).count(), 0, 'confirmed, it is gone');
  });

  test("a period-limited assignment is added in the class's grid, then removed", async () => {
    await page.goto(`${BASE_URL}/admin/structure/classes`);
    const klass = await page.locator('tbody a[href^="/classes/"]').first().getAttribute('href');
    const id = klass.split('/').pop();
    const grid = `/admin/structure/classes/${id}/assignments`;
    await page.goto(`${BASE_URL}${grid}`);
    const section = page.locator('section', { has: page.locator('#h-by-period') });
    const before = await section.locator('tbody tr').count();
    await section.getByLabel('Matière', { exact: true }).selectOption({ index: 1 });
    await section.getByLabel('Professeur', { exact: true }).selectOption({ index: 1 });
    await section.getByLabel('Période', { exact: true }).selectOption({ label: 'Trimestre 3' });
    await Promise.all([page.waitForNavigation(), section.getByRole('button', { name: 'Ajouter le service' }).press('Enter')]);
    assert.match(page.url(), /saved=1#h-by-period$/);
    const rows = page.locator('#h-by-period ~ .table-wrap tbody tr');
    assert.equal(await rows.count(), before + 1);
    const added = rows.filter({ hasText: 'Trimestre 3' }).last();
    await Promise.all([page.waitForNavigation(), added.getByRole('link', { name: /Supprimer/ }).click()]);
    assert.match(await page.locator('h1').innerText(), /^Retirer le service/);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Oui, supprimer' }).click()]);
    assert.equal(pathOf(page), grid);
    assert.equal(await page.locator('#h-by-period ~ .table-wrap tbody tr').count(), before);
  });

  test('a period is closed early, then reopened', async () => {
    await page.goto(`${BASE_URL}/admin/structure/years`);
    const row = page.getByRole('row', { name: /Trimestre 2/ }).first();
    assert.match(await row.innerText(), /Ouverte/);
    await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: /Clôturer/ }).click()]);
    const closed = page.getByRole('row', { name: /Trimestre 2/ }).first();
    assert.match(await closed.innerText(), /Clôturée/);
    await Promise.all([page.waitForNavigation(), closed.getByRole('button', { name: /Rouvrir/ }).click()]);
    assert.match(await page.getByRole('row', { name: /Trimestre 2/ }).first().innerText(), /Ouverte/);
  });
});

describe('as a teacher', () => {
  let context;
  let page;
  before(async () => {
    context = await newContext(browser);
    page = await context.newPage();
    await login(page, 'teacher');
  });
  after(async () => {
    await context?.close();
  });

  test('home lists my classes with my subjects, and each opens its page', async () => {
    await page.goto(`${BASE_URL}/`);
    const section = page.getByRole('region', { name: 'Mes classes' });
    assert.ok((await section.locator('a[href^="/classes/"]').count()) > 0);
    assert.match(await section.innerText(), /Français/);
    await Promise.all([page.waitForNavigation(), section.locator('a[href^="/classes/"]').first().click()]);
    assert.match(pathOf(page), /^\/classes\/\d+$/);
    assert.ok((await page.locator('a[href^="/students/"]').count()) > 0, 'its students are listed');
    assert.equal(await page.getByRole('link', { name: 'Modifier' }).count(), 0, 'no editing for teachers');
  });

  test('the structure is readable but not editable', async () => {
    await page.goto(`${BASE_URL}/admin/structure/levels`);
    assert.equal(await page.getByRole('button', { name: /Supprimer/ }).count(), 0);
    assert.equal(await page.getByRole('link', { name: /Supprimer/ }).count(), 0);
    const response = await page.goto(`${BASE_URL}/admin/structure/years/new`);
    assert.equal(response.status(), 403);
  });
});
