// Issuing bulletins from /bulletins (static/bulletins.js): as `admin`, close the first period if
// it is still open (issuing needs a closed period), issue the first class's bulletins, follow
// the progress bar until the job is done, and find the class's bulletins counted and
// downloadable. Reopens the period afterwards so that the other files can still enter marks.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launch, login, newContext, pathOf } from '../lib/harness.mjs';

let browser;
let context;
let page;
let closedHere = false;
before(async () => {
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
  await login(page, 'admin');
});
after(async () => {
  if (closedHere) {
    await page.goto(`${BASE_URL}/admin/structure/years`);
    const reopen = page.locator('form[action$="/reopen"] button').first();
    await Promise.all([page.waitForNavigation(), reopen.click()]);
  }
  await browser?.close();
});

test('the admin issues a class and follows the job until it is done', async () => {
  await page.goto(`${BASE_URL}/`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Bulletins', exact: true }).first().click()]);
  assert.equal(pathOf(page).split('?')[0], '/bulletins');
  const closeLink = page.getByRole('link', { name: 'Clôturer la période' });
  if (await closeLink.count()) {
    // The page says the period is open and leads to the page that closes it.
    await Promise.all([page.waitForNavigation(), closeLink.click()]);
    await Promise.all([page.waitForNavigation(), page.locator('form[action$="/close"] button').first().click()]);
    closedHere = true;
    await page.goto(`${BASE_URL}/bulletins`);
  }
  assert.equal(await closeLink.count(), 0, 'the period is closed');
  const row = page.locator('tbody tr').first();
  const className = (await row.locator('th').innerText()).trim();
  await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: 'Émettre' }).click()]);
  // The job box shows a progress bar and a polite live status, updated by the poller; the
  // page reloads itself when the job ends.
  assert.equal(await page.locator('#bulletin-job progress').count(), 1);
  assert.equal(await page.locator('#bulletin-job-status').getAttribute('aria-live'), 'polite');
  await page.waitForFunction(
    () => /Émission terminée/.test(document.getElementById('bulletin-job-status')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  const status = await page.locator('#bulletin-job-status').innerText();
  assert.match(status, /\d+ bulletin\(s\) émis/);
  const issuedRow = page.locator('tbody tr', { has: page.locator('th', { hasText: className }) }).first();
  const issued = Number((await issuedRow.locator('td').nth(1).innerText()).trim());
  assert.ok(issued > 0, `${className} has its bulletins`);
  const pdf = await issuedRow.locator('a[href*="bulletins.pdf"]').getAttribute('href');
  const response = await page.request.get(`${BASE_URL}${pdf}`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
});
