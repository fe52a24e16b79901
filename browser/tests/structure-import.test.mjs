// Importing staff and structure through the upload pages, as the demo school's administrator:
// a staff file with a problem (report), then corrected (preview, confirm, progress, result);
// the classes exported and imported back change nothing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, assertAccessible, launch, login, newContext, pathOf } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function chooseAndCheck(page, name, text) {
  await page.getByLabel('Fichier CSV').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text, 'utf8'),
  });
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Vérifier le fichier' }).click(),
  ]);
}

test('import staff: report, preview, confirm, follow the job; classes round trip', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await login(page, 'admin');
    await page.goto(`${BASE_URL}/admin/structure`);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Importer', exact: true }).click(),
    ]);
    assert.equal(pathOf(page), '/admin/structure/import/teachers');
    assert.equal((await page.locator('h1').innerText()).trim(), 'Importer le personnel');
    const templateLink = page.getByRole('link', { name: 'Télécharger le modèle de fichier (CSV)' });
    const template = await (await page.request.get(`${BASE_URL}${await templateLink.getAttribute('href')}`)).text();
    assert.match(template, /^\uFEFF?identifiant;nom;prénom;courriel;fonctions/);

    const bad = 'identifiant;nom;fonctions\nbrowser.prof;Prof;direction\n';
    await chooseAndCheck(page, 'personnel.csv', bad);
    const report = page.getByRole('alert');
    assert.match(await report.locator('tbody').innerText(), /Ligne 2, colonne « fonctions » : la fonction « direction » ne peut pas être attribuée/);
    await assertAccessible(page, '/admin/structure/import/teachers report');

    await chooseAndCheck(page, 'personnel.csv', 'identifiant;nom;prénom;fonctions\nbrowser.prof;Prof;Navigateur;enseignant\n');
    assert.match(await page.getByRole('status').first().innerText(), /1 ligne\(s\) : 1 créée\(s\), 0 modifiée\(s\), 0 inchangée\(s\)\./);
    await assertAccessible(page, '/admin/structure/import/teachers preview');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Confirmer l’import' }).click(),
    ]);
    assert.match(pathOf(page), /^\/admin\/structure\/import\/jobs\/\d+$/);
    const live = page.locator('#import-progress[aria-live="polite"]');
    await live.getByText('Import terminé').waitFor({ timeout: 15000 });
    assert.match(await live.innerText(), /1 ligne\(s\) : 1 créée\(s\)/);
    await assertAccessible(page, '/admin/structure/import/jobs/{id} done');

    await page.goto(`${BASE_URL}/admin/structure/import/classes`);
    const classes = await (await page.request.get(`${BASE_URL}/admin/structure/export/classes.csv`)).text();
    assert.match(classes, /^\uFEFF?class;level;main_teacher;room/);
    await chooseAndCheck(page, 'classes.csv', classes);
    assert.match(await page.getByRole('status').first().innerText(), / 0 créée\(s\), 0 modifiée\(s\)/);
    assert.equal(await page.getByText('Ce fichier ne change rien : tout est déjà à jour.').count(), 1);
  } finally {
    await context.close();
  }
});
