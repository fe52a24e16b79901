// Importing students through the upload page, as the demo school's administrator: the
// template as downloaded (its second row names a class the demo school does not have, so the
// report shows), then corrected: preview, confirm, progress, result, the students in the list.

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

test('upload the template, read the report, correct it, preview, confirm, follow the import', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await login(page, 'admin');
    await page.goto(`${BASE_URL}/students`);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Importer des élèves' }).click(),
    ]);
    assert.equal(pathOf(page), '/students/import');
    const templateLink = page.getByRole('link', { name: 'Télécharger le modèle de fichier (CSV)' });
    const template = await (await page.request.get(`${BASE_URL}${await templateLink.getAttribute('href')}`)).text();
    assert.match(template, /^\uFEFF?matricule;nom;prénom/);

    // The demo school has one class per level ("5e A"): the template's "5e B" is reported.
    await chooseAndCheck(page, 'eleves-modele.csv', template);
    const report = page.getByRole('alert');
    assert.match(await report.innerText(), /contient un problème : rien n’a été importé/);
    assert.match(await report.locator('tbody').innerText(), /3\s+classe\s+Ligne 3, colonne « classe » : la classe « 5e B » n’existe pas/);
    await assertAccessible(page, '/students/import report');

    await chooseAndCheck(page, 'eleves.csv', template.replace(';5e B;', ';5e A;'));
    assert.equal(await page.getByRole('heading', { name: 'Aperçu de l’import de « eleves.csv »' }).count(), 1);
    const counts = page.locator('table.import-counts');
    assert.match(await counts.locator('tbody tr').first().innerText(), /Élèves\s+2\s+0\s+0/);
    await assertAccessible(page, '/students/import preview');

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Confirmer l’import' }).click(),
    ]);
    assert.match(pathOf(page), /^\/students\/import\/jobs\/\d+$/);
    const live = page.locator('#import-progress[aria-live="polite"]');
    assert.equal(await live.count(), 1, 'progress is announced');
    await live.getByText('Import terminé').waitFor({ timeout: 15000 });
    assert.match(await live.innerText(), /Élèves : 2 créé\(s\), 0 modifié\(s\), 0 inchangé\(s\)\./);
    await assertAccessible(page, '/students/import/jobs/{id} done');

    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Retour aux élèves' }).click(),
    ]);
    await page.getByLabel('Nom ou matricule').fill('2025-014');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Filtrer' }).click(),
    ]);
    const names = await page.locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(names.map((n) => n.trim()).sort(), ['Martin Léa', "N'Diaye Moussa"]);
  } finally {
    await context.close();
  }
});
