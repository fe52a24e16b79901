// People management end to end, as the school's staff and a parent would do it: create and
// edit a student, move them to another class, upload a photo, create a guardian, link the
// child, add a second guardian from the student's page, invite the guardian, who creates their
// account and corrects their phone number.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL,
  assertAccessible,
  launch,
  login,
  newContext,
  pathOf,
} from '../lib/harness.mjs';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let browser;
let context;
let page;
before(async () => {
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
  await login(page, 'admin');
});
after(async () => {
  await context?.close();
  await browser?.close();
});

const stamp = Date.now().toString(36);
const matricule = `BR-${stamp}`;
let studentPath;
let guardianPath;
let invitation;

async function submit(selector) {
  await Promise.all([page.waitForNavigation(), page.locator(`${selector} button[type="submit"]`).click()]);
}

test('an admin creates a student in a class, then edits them', async () => {
  await page.goto(`${BASE_URL}/students`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nouvel élève' }).click()]);
  await page.locator('#last_name').fill('Navigateur');
  await page.locator('#first_name').fill('Aminata');
  await page.locator('#matricule').fill(matricule);
  await page.locator('#birth_date').fill('2014-05-02');
  await page.locator('#birth_place').fill('Thiès');
  await page.getByLabel('Féminin').check();
  const classes = await page.locator('#class_id option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(classes.length >= 2, 'the demo has classes this year');
  await page.locator('#class_id').selectOption(classes[0]);
  await page.locator('#national_id').fill('1234567890B');
  await submit('form[action="/students/new"]');
  studentPath = pathOf(page);
  assert.match(studentPath, /^\/students\/\d+$/);
  assert.equal((await page.locator('h1').innerText()).trim(), 'Aminata Navigateur');
  assert.equal(await page.locator('#h-history ~ div tbody tr').count(), 1);

  await page.getByRole('link', { name: 'Modifier' }).click();
  await page.waitForURL(`**${studentPath}/edit`);
  assert.equal(await page.locator('#national_id').inputValue(), '1234567890B');
  await page.locator('#birth_place').fill('Saint-Louis');
  await submit(`form[action="${studentPath}/edit"]`);
  assert.equal(pathOf(page), studentPath);
  assert.ok((await page.locator('main').innerText()).includes('Saint-Louis'));

  // The same matricule again is refused with a clear message next to the field.
  await page.goto(`${BASE_URL}/students/new`);
  await page.locator('#last_name').fill('Double');
  await page.locator('#first_name').fill('Awa');
  await page.locator('#matricule').fill(matricule);
  await submit('form[action="/students/new"]');
  assert.match(await page.locator('#matricule-error').innerText(), /déjà attribué/);
  assert.equal(await page.locator('#matricule').getAttribute('aria-invalid'), 'true');
});

test('the student moves to another class and gets a photo', async () => {
  await page.goto(`${BASE_URL}${studentPath}/enrolment`);
  const options = await page.locator('#class_id option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  await page.locator('#class_id').selectOption(options[1]);
  await submit(`form[action="${studentPath}/enrolment"]`);
  assert.equal(pathOf(page), studentPath);
  assert.equal(await page.locator('#h-history ~ div tbody tr').count(), 2, 'the history keeps both classes');

  await page.goto(`${BASE_URL}${studentPath}/photo/upload`);
  await page.locator('#photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
  assert.equal(pathOf(page), studentPath);
  const img = page.locator('img.student-photo');
  assert.equal(await img.count(), 1);
  assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 1), 'the photo loads');
  await assertAccessible(page, `${studentPath} with photo and history`);
});

test('a guardian is created, linked to the child and invited', async () => {
  await page.goto(`${BASE_URL}/guardians/new`);
  await page.locator('#last_name').fill('Navigateur');
  await page.locator('#first_name').fill('Khady');
  await page.locator('#phone').fill('77 123 45 67');
  await page.locator('#email').fill(`khady.${stamp}@Example.SN`);
  await submit('form[action="/guardians/new"]');
  guardianPath = pathOf(page);
  assert.match(guardianPath, /^\/guardians\/\d+$/);
  assert.ok((await page.locator('main').innerText()).includes(`khady.${stamp}@example.sn`));

  await page.locator('#matricule').fill(matricule);
  await page.locator('#relationship').selectOption('mother');
  await submit(`form[action="${guardianPath}/links"]`);
  assert.equal(await page.locator('#h-children ~ div tbody tr').count(), 1);

  await submit(`form[action="${guardianPath}/invitation"]`);
  invitation = await page.locator('#invitation-link').inputValue();
  assert.match(invitation, /\/invitations\/[A-Za-z0-9_-]{40,}$/);
  await assertAccessible(page, `${guardianPath} with a new invitation`);
});

test("a second guardian is added from the student's page, then removed", async () => {
  await page.goto(`${BASE_URL}${studentPath}`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Ajouter un responsable' }).click()]);
  assert.equal(pathOf(page), `${studentPath}/guardians`);
  // The guardian already on record is found by her e-mail.
  await page.locator('#q').fill(`khady.${stamp}`);
  await Promise.all([page.waitForNavigation(), page.locator('#q').press('Enter')]);
  assert.equal(await page.getByRole('radio', { name: /Khady Navigateur/ }).count(), 1);
  await assertAccessible(page, `${studentPath}/guardians?q=… (search results)`);
  // A new one: a missing relationship is named and the typed fields are kept.
  await page.locator('#last_name').fill('Navigateur');
  await page.locator('#first_name').fill('Moussa');
  await submit(`form[method="post"][action="${studentPath}/guardians"]`);
  assert.equal(await page.locator('#relationship-error').count(), 1);
  assert.equal(await page.locator('#first_name').inputValue(), 'Moussa');
  await assertAccessible(page, `${studentPath}/guardians errors`);
  await page.locator('#relationship').selectOption('father');
  await submit(`form[method="post"][action="${studentPath}/guardians"]`);
  assert.equal(pathOf(page), studentPath);
  const rows = page.locator('#h-guardians').locator('xpath=ancestor::section').locator('tbody tr');
  assert.equal(await rows.count(), 2);
  await submit(`form[action$="/delete"]:has(button[aria-label="Détacher Moussa Navigateur"])`);
  assert.equal(pathOf(page), studentPath);
  assert.equal(await rows.count(), 1, 'Moussa is no longer listed');
});

test('the guardian accepts the invitation, signs in and corrects their phone', async () => {
  const visitor = await newContext(browser);
  const guest = await visitor.newPage();
  try {
    const path = new URL(invitation).pathname;
    await guest.goto(`${BASE_URL}${path}`);
    assert.ok((await guest.locator('main').innerText()).includes('Khady Navigateur'));
    await assertAccessible(guest, '/invitations/{token}');
    await guest.locator('#username').fill(`khady.${stamp}`);
    await guest.locator('#password').fill('un-mot-de-passe-solide');
    await guest.locator('#confirm').fill('un-mot-de-passe-autre');
    await Promise.all([guest.waitForNavigation(), guest.locator('main form button[type="submit"]').click()]);
    assert.equal(await guest.locator('#confirm-error').count(), 1);
    await assertAccessible(guest, '/invitations/{token} errors');
    await guest.locator('#password').fill('un-mot-de-passe-solide');
    await guest.locator('#confirm').fill('un-mot-de-passe-solide');
    await Promise.all([guest.waitForNavigation(), guest.locator('main form button[type="submit"]').click()]);
    assert.equal(await guest.getByRole('status').count(), 1);
    await assertAccessible(guest, '/invitations/{token} done');

    // The link works once.
    const again = await guest.goto(`${BASE_URL}${path}`);
    assert.equal(again.status(), 410);
    await assertAccessible(guest, '/invitations/{token} used');

    await login(guest, `khady.${stamp}`, 'un-mot-de-passe-solide');
    assert.ok((await guest.locator('main').innerText()).includes('Aminata'), 'the parent sees their child');
    await guest.getByRole('link', { name: 'Mes coordonnées' }).click();
    await guest.waitForURL('**/account/contact');
    await guest.locator('#phone').fill('+221 78 000 11 22');
    await Promise.all([guest.waitForNavigation(), guest.locator('main form button[type="submit"]').click()]);
    assert.equal(await guest.getByRole('status').count(), 1);
    assert.equal(await guest.locator('#phone').inputValue(), '+221 78 000 11 22');
  } finally {
    await visitor.close();
  }
});
