// Signing in and out as each demo role, and a wrong password.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, DEMO_PASSWORD, ROLES, launch, login, newContext, pathOf } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('login as each demo role', () => {
  for (const role of ROLES) {
    test(`${role} signs in, sees the home page and the nav for the role, signs out`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      try {
        await login(page, role);
        assert.equal(pathOf(page), '/', 'after login the browser is on the home page');
        const h1 = (await page.locator('h1').innerText()).trim();
        assert.match(h1, /^Bonjour\b/, `home h1 is "${h1}"`);

        const logout = page.locator('header').getByRole('button', { name: 'Se déconnecter' });
        assert.equal(await logout.count(), 1, 'the header has a "Se déconnecter" button');

        const nav = page.getByRole('navigation', { name: 'Navigation principale' });
        const links = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
        assert.ok(links.includes('Accueil'), `nav links: ${links.join(', ')}`);
        assert.ok(links.includes('Mon compte'), `nav links: ${links.join(', ')}`);
        if (role === 'admin') {
          assert.ok(links.includes('Utilisateurs'), `admin nav has Utilisateurs: ${links.join(', ')}`);
          assert.ok(links.includes('Établissement'), `admin nav has Établissement: ${links.join(', ')}`);
        } else {
          assert.ok(!links.includes('Utilisateurs'), `${role} nav has no Utilisateurs: ${links.join(', ')}`);
          assert.ok(!links.includes('Établissement'), `${role} nav has no Établissement: ${links.join(', ')}`);
        }
        const current = nav.locator('a[aria-current="page"]');
        assert.equal((await current.innerText()).trim(), 'Accueil', 'the home link is marked current');

        if (role === 'parent') {
          const children = page.getByRole('region', { name: 'Mes enfants' });
          assert.equal(await children.count(), 1, 'parent home has a "Mes enfants" section');
          const count = await children.getByRole('listitem').count();
          assert.ok(count >= 2, `parent has at least 2 children listed, got ${count}`);
        }

        await Promise.all([page.waitForNavigation(), logout.click()]);
        assert.equal(pathOf(page), '/login', 'after logout the browser is on /login');
        assert.equal((await page.locator('h1').innerText()).trim(), 'Connexion');
        assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);

        // Signed out for real: the home page sends back to the login page.
        await page.goto(`${BASE_URL}/`);
        assert.match(pathOf(page), /^\/login/, `home after logout redirects to login, got ${pathOf(page)}`);
      } finally {
        await context.close();
      }
    });
  }
});

test('a wrong password shows the French error and stays on the login page', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await login(page, 'teacher', `${DEMO_PASSWORD}-wrong`);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Connexion');
    const alert = page.getByRole('alert');
    assert.equal(await alert.count(), 1, 'one role=alert element');
    assert.equal((await alert.innerText()).trim(), 'Identifiant ou mot de passe incorrect.');
    assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
    // The username is kept and linked to the error; the password is not.
    assert.equal(await page.getByLabel('Identifiant').inputValue(), 'teacher');
    assert.equal(await page.getByLabel('Identifiant').getAttribute('aria-describedby'), 'login-error');
    assert.equal(await page.getByLabel('Mot de passe').inputValue(), '');
  } finally {
    await context.close();
  }
});
