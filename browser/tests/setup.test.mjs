// The first-run setup page, on a server with an empty data directory: every page leads there,
// its form is accessible with and without errors, and completing it signs the new admin in.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  SETUP_URL,
  THEMES,
  assertAccessible,
  launch,
  newContext,
  pathOf,
  submitWithoutValidation,
} from '../lib/harness.mjs';

const ADMIN = {
  code: 'LYC-TEST',
  name: 'Lycée des Tests',
  displayName: 'Camille Directrice',
  username: 'camille.dir',
  password: 'setup-admin-pass-2026',
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A visitor profile in the given theme: the theme cookie the footer select would set. */
async function visitor(theme) {
  const context = await newContext(browser, { colorScheme: theme });
  await context.addCookies([{ name: 'eschool_theme', value: theme, url: SETUP_URL }]);
  return context;
}

describe('setup server', { skip: SETUP_URL ? false : 'ESCHOOL_SETUP_URL is not set' }, () => {
  test('every page redirects to /setup before the first school exists', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      for (const path of ['/', '/login', '/account', '/admin/users', '/nope']) {
        await page.goto(`${SETUP_URL}${path}`);
        assert.equal(pathOf(page), '/setup', `${path} leads to /setup`);
      }
      assert.equal((await page.locator('h1').innerText()).trim(), 'Installation d’eSchool');
    } finally {
      await context.close();
    }
  });

  for (const theme of THEMES) {
    describe(`${theme} theme`, () => {
      let context;
      let page;
      before(async () => {
        context = await visitor(theme);
        page = await context.newPage();
      });
      after(async () => {
        await context?.close();
      });

      test('/setup', async () => {
        await page.goto(`${SETUP_URL}/setup`);
        assert.equal(await page.locator('html').getAttribute('data-theme'), theme);
        await assertAccessible(page, `/setup [${theme}]`);
      });

      test('/setup submitted empty (errors on every field)', async () => {
        await page.goto(`${SETUP_URL}/setup`);
        await page.getByLabel('Nom de l’établissement').fill('');
        await page.getByLabel('Fuseau horaire').fill('');
        await submitWithoutValidation(page, 'form[action="/setup"]');
        assert.equal(pathOf(page), '/setup');
        assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
        const errors = await page.locator('.field-error').count();
        assert.ok(errors >= 5, `field errors show, got ${errors}`);
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
        await assertAccessible(page, `/setup empty submit [${theme}]`);
      });

      test('/setup submitted with invalid values', async () => {
        await page.goto(`${SETUP_URL}/setup`);
        await page.getByLabel('Code de l’établissement').fill('x!');
        await page.getByLabel('Nom de l’établissement').fill(ADMIN.name);
        await page.getByLabel('Fuseau horaire').fill('Mars/Olympus_Mons');
        await page.getByLabel('Nom affiché').fill(ADMIN.displayName);
        await page.getByLabel('Identifiant').fill('Not Valid!');
        await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN.password);
        await page.getByLabel('Confirmer le mot de passe').fill(`${ADMIN.password}x`);
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('button', { name: 'Créer l’établissement' }).click(),
        ]);
        assert.equal(pathOf(page), '/setup');
        const summary = await page.locator('#error-summary').innerText();
        assert.match(summary, /Le formulaire contient des erreurs/);
        // What was typed is kept, except passwords.
        assert.equal(await page.getByLabel('Nom de l’établissement').inputValue(), ADMIN.name);
        assert.equal(await page.getByLabel('Mot de passe', { exact: true }).inputValue(), '');
        await assertAccessible(page, `/setup invalid submit [${theme}]`);
      });
    });
  }

  test('completing setup signs the new admin in; /setup is then gone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${SETUP_URL}/setup`);
      await page.getByLabel('Code de l’établissement').fill(ADMIN.code);
      await page.getByLabel('Nom de l’établissement').fill(ADMIN.name);
      await page.getByLabel('Fuseau horaire').fill('Europe/Paris');
      await page.getByLabel('Nom affiché').fill(ADMIN.displayName);
      await page.getByLabel('Identifiant').fill(ADMIN.username);
      await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN.password);
      await page.getByLabel('Confirmer le mot de passe').fill(ADMIN.password);
      await Promise.all([page.waitForNavigation(), page.getByLabel('Confirmer le mot de passe').press('Enter')]);

      assert.equal(pathOf(page), '/', `lands on the home page, got ${pathOf(page)}`);
      assert.equal((await page.locator('h1').innerText()).trim(), `Bonjour ${ADMIN.displayName}`);
      assert.equal((await page.locator('header .brand').innerText()).trim(), ADMIN.name);
      assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 1);
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      assert.equal(await nav.getByRole('link', { name: 'Utilisateurs', exact: true }).count(), 1);
      assert.equal(await nav.getByRole('link', { name: 'Établissement', exact: true }).count(), 1);
      await assertAccessible(page, '/ after setup [system, light]');

      const response = await page.goto(`${SETUP_URL}/setup`);
      assert.equal(response.status(), 404, '/setup is 404 once a school exists');
      assert.equal(pathOf(page), '/setup');
      await assertAccessible(page, '/setup once set up (404) [system, light]');

      // A new visitor is no longer sent to /setup.
      const other = await newContext(browser);
      try {
        const visitorPage = await other.newPage();
        await visitorPage.goto(`${SETUP_URL}/`);
        assert.match(pathOf(visitorPage), /^\/login/);
        const setup = await visitorPage.goto(`${SETUP_URL}/setup`);
        assert.equal(setup.status(), 404);
      } finally {
        await other.close();
      }
    } finally {
      await context.close();
    }
  });
});
