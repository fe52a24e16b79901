// Interface preferences from the footer: language and theme, with JavaScript auto-submit.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, chooseAndWait, launch, newContext, pathOf } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('choosing English in the footer switches the login page to English', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/login`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Connexion');
    // With JavaScript the Apply button is hidden: the select submits by itself.
    const apply = page.locator('form[action="/preferences/language"] button[type="submit"]');
    assert.equal(await apply.isVisible(), false, 'the Apply button is hidden when JS runs');

    await chooseAndWait(page, page.getByLabel('Langue'), 'en');
    assert.equal(pathOf(page), '/login', 'back on the login page');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Sign in');
    assert.equal(await page.getByLabel('Language').inputValue(), 'en');

    // And back to French.
    await chooseAndWait(page, page.getByLabel('Language'), 'fr');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Connexion');
  } finally {
    await context.close();
  }
});

test('choosing "Sombre" sets the dark theme, which persists after reload', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/login`);
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'system');
    const theme = page.getByLabel('Thème');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBackground = await background();

    await chooseAndWait(page, theme, { label: 'Sombre' });
    assert.equal(pathOf(page), '/login');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    assert.equal(await page.getByLabel('Thème').inputValue(), 'dark');
    const darkBackground = await background();
    assert.notEqual(darkBackground, lightBackground, 'the dark theme changes the page colours');

    await page.reload();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark', 'dark after reload');
    assert.equal(await page.getByLabel('Thème').inputValue(), 'dark');
    assert.equal(await background(), darkBackground);

    await page.goto(`${BASE_URL}/login?next=%2Faccount`);
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark', 'dark on a new visit');

    await chooseAndWait(page, page.getByLabel('Thème'), { label: 'Clair' });
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
  } finally {
    await context.close();
  }
});

test('the "system" theme follows the operating system colour scheme', async () => {
  const context = await newContext(browser, { colorScheme: 'dark' });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/login`);
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'system');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(dark, light);
    assert.equal(light, 'rgb(255, 255, 255)');
  } finally {
    await context.close();
  }
});
