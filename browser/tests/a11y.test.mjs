// axe-core scans (WCAG 2.0 and 2.1, levels A and AA) of every page of the demo server, in the
// light and the dark theme, including forms showing their errors.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  DEMO_PASSWORD,
  ROLES,
  THEMES,
  assertAccessible,
  axeScan,
  chooseAndWait,
  launch,
  login,
  newContext,
  pathOf,
  submitWithoutValidation,
  useTheme,
} from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('canary: the scan does catch violations planted in a page', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.goto(`${BASE_URL}/login`);
    await page.evaluate(() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML(
        'beforeend',
        '<img src="/static/none.png"><input type="text" id="canary-input">' +
          '<p style="color:#bbb;background:#fff">low contrast</p>',
      );
    });
    const result = await axeScan(page);
    const ids = result.violations.map((v) => v.id).sort();
    for (const id of ['color-contrast', 'image-alt', 'label']) {
      assert.ok(ids.includes(id), `axe reports ${id}; it reported: ${ids.join(', ')}`);
    }
    assert.ok(result.passes.length > 10, `axe ran its rules: ${result.passes.length} passed`);
  } finally {
    await context.close();
  }
});

describe('anonymous pages', () => {
  for (const theme of THEMES) {
    describe(`${theme} theme`, () => {
      let context;
      let page;
      before(async () => {
        context = await newContext(browser, { colorScheme: theme });
        page = await context.newPage();
        await page.goto(`${BASE_URL}/login`);
        await useTheme(page, theme);
      });
      after(async () => {
        await context?.close();
      });

      test('/login', async () => {
        await page.goto(`${BASE_URL}/login`);
        await assertAccessible(page, `/login [${theme}]`);
      });

      test('/login with a wrong password (error shown)', async () => {
        await login(page, 'bursar', `${DEMO_PASSWORD}-wrong`);
        assert.equal(await page.getByRole('alert').count(), 1);
        await assertAccessible(page, `/login error [${theme}]`);
      });

      test('/login in English', async () => {
        await page.goto(`${BASE_URL}/login`);
        await chooseAndWait(page, page.getByLabel('Langue'), 'en');
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await assertAccessible(page, `/login en [${theme}]`);
        await chooseAndWait(page, page.getByLabel('Language'), 'fr');
      });

      test('404 page (/nope), signed out', async () => {
        const response = await page.goto(`${BASE_URL}/nope`);
        assert.equal(response.status(), 404);
        await assertAccessible(page, `/nope anonymous [${theme}]`);
      });
    });
  }

  test('/login with the "system" theme and a dark OS scheme', async () => {
    const context = await newContext(browser, { colorScheme: 'dark' });
    const page = await context.newPage();
    try {
      await page.goto(`${BASE_URL}/login`);
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'system');
      await assertAccessible(page, '/login [system, prefers dark]');
    } finally {
      await context.close();
    }
  });
});

/** Pages every signed-in role has. */
async function scanCommonPages(page, role, theme) {
  await page.goto(`${BASE_URL}/`);
  assert.match(await page.locator('h1').innerText(), /^Bonjour/);
  await assertAccessible(page, `/ as ${role} [${theme}]`);

  await page.goto(`${BASE_URL}/account`);
  await assertAccessible(page, `/account as ${role} [${theme}]`);
}

for (const role of ROLES) {
  describe(`signed in as ${role}`, () => {
    let context;
    let page;
    before(async () => {
      context = await newContext(browser);
      page = await context.newPage();
      await login(page, role);
      assert.equal(pathOf(page), '/');
    });
    after(async () => {
      // Leave the account on the default theme for later runs against the same server.
      try {
        await page.goto(`${BASE_URL}/`);
        await chooseAndWait(page, page.locator('#pref-theme'), 'system');
      } finally {
        await context?.close();
      }
    });

    for (const theme of THEMES) {
      test(`home and account [${theme}]`, async () => {
        await page.goto(`${BASE_URL}/`);
        await useTheme(page, theme);
        await scanCommonPages(page, role, theme);
      });
    }

    if (role === 'parent') {
      for (const theme of THEMES) {
        test(`/students and a child's record as parent [${theme}]`, async () => {
          await page.goto(`${BASE_URL}/`);
          await useTheme(page, theme);
          const child = await page.locator('.card a[href^="/students/"]').first().getAttribute('href');
          await page.goto(`${BASE_URL}/students`);
          assert.ok((await page.locator('tbody tr').count()) >= 2, 'the parent lists their children');
          await assertAccessible(page, `/students as parent [${theme}]`);
          await page.goto(`${BASE_URL}${child}`);
          assert.equal(await page.locator('#national-id code').count(), 1, 'the national ID shows');
          assert.equal(await page.locator('#medical').count(), 0, 'no medical section');
          await assertAccessible(page, `/students/{id} as parent [${theme}]`);
          await page.goto(`${BASE_URL}${child}/results`);
          assert.match(await page.locator('h1').innerText(), /^Résultats/);
          await assertAccessible(page, `/students/{id}/results as parent [${theme}]`);
          await page.goto(`${BASE_URL}${child}/results?period_id=year`);
          await assertAccessible(page, `/students/{id}/results?period_id=year as parent [${theme}]`);
          await page.goto(`${BASE_URL}${child}/bulletins`);
          assert.match(await page.locator('h1').innerText(), /^Bulletins/);
          await assertAccessible(page, `/students/{id}/bulletins as parent [${theme}]`);
        });
      }
    }

    if (role === 'teacher') {
      for (const theme of THEMES) {
        test(`/classes and a class page as teacher [${theme}]`, async () => {
          await page.goto(`${BASE_URL}/`);
          await useTheme(page, theme);
          await page.goto(`${BASE_URL}/classes`);
          const klass = await page.locator('.card a[href^="/classes/"]').first().getAttribute('href');
          await assertAccessible(page, `/classes as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${klass}`);
          assert.ok((await page.locator('a[href^="/students/"]').count()) > 0, 'the class lists its students');
          await assertAccessible(page, `/classes/{id} as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${klass}/gradebook`);
          assert.ok((await page.locator('tbody tr').count()) > 0, 'the gradebook lists the students');
          await assertAccessible(page, `/classes/{id}/gradebook as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${klass}/council`);
          await assertAccessible(page, `/classes/{id}/council as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${klass}/council?present=1`);
          await assertAccessible(page, `/classes/{id}/council?present=1 as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${klass}/gradebook`);
          const student = await page.locator('tbody a[href^="/students/"]').first().getAttribute('href');
          await page.goto(`${BASE_URL}${student}`);
          await assertAccessible(page, `${student} as teacher [${theme}]`);
        });

        test(`gradebook pages as teacher: entry, subject, assessment form, marks grid [${theme}]`, async () => {
          await page.goto(`${BASE_URL}/`);
          await useTheme(page, theme);
          await page.goto(`${BASE_URL}/gradebook`);
          await assertAccessible(page, `/gradebook as teacher [${theme}]`);
          const subject = await page.locator('.gradebook-subjects a').first().getAttribute('href');
          await page.goto(`${BASE_URL}${subject}`);
          await assertAccessible(page, `/classes/{id}/gradebook/{subject_id} as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${subject.replace('/gradebook/', '/appreciations/')}`);
          await assertAccessible(page, `/classes/{id}/appreciations/{subject_id} as teacher [${theme}]`);
          await page.goto(`${BASE_URL}/account/comment-bank`);
          await assertAccessible(page, `/account/comment-bank as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${subject}`);
          await page.getByRole('link', { name: 'Nouvelle évaluation' }).click();
          await page.waitForURL(/\/assessments\/new\?/);
          await assertAccessible(page, `/assessments/new as teacher [${theme}]`);
          // Errors shown next to their fields.
          await page.getByLabel('Titre').fill(`Contrôle a11y ${theme}`);
          await page.getByLabel('Barème (noté sur)').fill('0');
          await page.getByLabel('Coefficient').fill('120');
          await submitWithoutValidation(page, 'form.stack');
          assert.equal(await page.locator('[aria-invalid="true"]').count(), 2);
          await assertAccessible(page, `/assessments/new with errors as teacher [${theme}]`);
          await page.getByLabel('Barème (noté sur)').fill('20');
          await page.getByLabel('Coefficient').fill('1');
          const date = page.locator('#date');
          if (!(await date.inputValue())) await date.fill(await date.getAttribute('min'));
          await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer' }).click()]);
          assert.match(pathOf(page), /^\/assessments\/\d+\/marks$/);
          const marks = pathOf(page);
          await assertAccessible(page, `/assessments/{id}/marks as teacher [${theme}]`);
          // A refused cell with its message, and the status region.
          const cell = page.locator('#marks-grid input[id^="mark-"]').first();
          await cell.focus();
          await page.keyboard.type('99');
          await page.waitForFunction(() => /à corriger/.test(document.getElementById('marks-status').textContent));
          await assertAccessible(page, `/assessments/{id}/marks with a refused cell [${theme}]`);
          await cell.fill('14');
          await page.waitForFunction(() => document.getElementById('marks-status').textContent === 'Enregistré');
          // The same refusal through the plain form (no script).
          await page.goto(`${BASE_URL}${marks}`);
          await Promise.all([
            page.waitForNavigation(),
            page.evaluate(() => {
              const input = document.querySelector('#marks-grid input[id^="mark-"]');
              input.value = '99';
              HTMLFormElement.prototype.submit.call(document.getElementById('marks-grid'));
            }),
          ]);
          assert.equal(await page.locator('#error-summary').count(), 1);
          await assertAccessible(page, `/assessments/{id}/marks after a refused submit [${theme}]`);
          const id = marks.split('/')[2];
          await page.goto(`${BASE_URL}/assessments/${id}/edit`);
          await assertAccessible(page, `/assessments/{id}/edit as teacher [${theme}]`);
          await page.goto(`${BASE_URL}/assessments/${id}/delete`);
          assert.match(await page.locator('main').innerText(), /La note déjà saisie sera supprimée/);
          await assertAccessible(page, `/assessments/{id}/delete as teacher [${theme}]`);
          await page.goto(`${BASE_URL}${subject}`);
          await assertAccessible(page, `/classes/{id}/gradebook/{subject_id} with marks as teacher [${theme}]`);
        });

        test(`/students?q=… as teacher (search within their students) [${theme}]`, async () => {
          await page.goto(`${BASE_URL}/students?q=a`);
          assert.equal(await page.locator('#q').inputValue(), 'a');
          assert.equal(await page.locator('#class').count(), 0, 'no school-wide class filter');
          await assertAccessible(page, `/students?q=a as teacher [${theme}]`);
        });
      }
    }

    if (role !== 'admin') return;

    /** A student whose record has a medical note, found through the list (demo data). */
    let withMedical;
    async function studentWithMedical() {
      if (withMedical) return withMedical;
      for (let n = 1; n <= 2 && !withMedical; n += 1) {
        await page.goto(`${BASE_URL}/students?page=${n}`);
        const links = await page.locator('tbody a[href^="/students/"]').evaluateAll((as) =>
          as.map((a) => a.getAttribute('href')),
        );
        for (const href of links) {
          await page.goto(`${BASE_URL}${href}`);
          if ((await page.locator('#medical p:not(.muted)').count()) === 1) {
            withMedical = href;
            break;
          }
        }
      }
      assert.ok(withMedical, 'a demo student has a medical note');
      return withMedical;
    }

    for (const theme of THEMES) {
      describe(`admin pages [${theme}]`, () => {
        before(async () => {
          await page.goto(`${BASE_URL}/`);
          await useTheme(page, theme);
        });

        test('/account after a failed password change', async () => {
          await page.goto(`${BASE_URL}/account`);
          await page.getByLabel('Mot de passe actuel').fill('not-the-password');
          await page.getByLabel('Nouveau mot de passe').fill('short');
          await page.getByLabel('Confirmer le mot de passe').fill('different');
          await submitWithoutValidation(page, 'form[action="/account/password"]');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          assert.ok((await page.locator('.field-error').count()) >= 2, 'field errors show');
          assert.equal(await page.locator('[aria-invalid="true"]').count() >= 2, true);
          // The summary takes focus so screen readers announce it.
          assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
          await assertAccessible(page, `/account password errors [${theme}]`);
        });

        test('/admin/users', async () => {
          await page.goto(`${BASE_URL}/admin/users`);
          assert.equal((await page.locator('h1').innerText()).trim(), 'Utilisateurs');
          assert.ok((await page.locator('tbody tr').count()) > 0);
          await assertAccessible(page, `/admin/users [${theme}]`);
        });

        test('/admin/users?page=2 (pager with previous and next)', async () => {
          await page.goto(`${BASE_URL}/admin/users?page=2`);
          assert.equal(await page.getByRole('navigation', { name: 'Pagination' }).count(), 1);
          await assertAccessible(page, `/admin/users?page=2 [${theme}]`);
        });

        test('/admin/users?role=teacher&page=2', async () => {
          await page.goto(`${BASE_URL}/admin/users?role=teacher&page=2`);
          assert.equal(await page.locator('#role').inputValue(), 'teacher');
          await assertAccessible(page, `/admin/users?role=teacher&page=2 [${theme}]`);
        });

        test('/admin/users?q=… (search)', async () => {
          await page.goto(`${BASE_URL}/admin/users`);
          await page.getByLabel('Rechercher').fill('parent');
          await Promise.all([page.waitForNavigation(), page.getByLabel('Rechercher').press('Enter')]);
          assert.match(pathOf(page), /q=parent/);
          await assertAccessible(page, `/admin/users?q=parent [${theme}]`);
        });

        test('/admin/users/new', async () => {
          await page.goto(`${BASE_URL}/admin/users/new`);
          await assertAccessible(page, `/admin/users/new [${theme}]`);
        });

        test('/admin/users/new after an invalid submit', async () => {
          await page.goto(`${BASE_URL}/admin/users/new`);
          await page.getByLabel('Identifiant').fill('Not Valid!');
          await submitWithoutValidation(page, 'form[action="/admin/users"]');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          assert.ok((await page.locator('.field-error').count()) >= 3, 'field errors show');
          await assertAccessible(page, `/admin/users/new errors [${theme}]`);
        });

        test('/admin/school', async () => {
          await page.goto(`${BASE_URL}/admin/school`);
          assert.equal(await page.locator('h1').count(), 1);
          await assertAccessible(page, `/admin/school [${theme}]`);
        });

        test('/admin/school after an invalid submit', async () => {
          await page.goto(`${BASE_URL}/admin/school`);
          await page.getByLabel('Nom de l’établissement').fill('');
          await page.getByLabel('Fuseau horaire').fill('Mars/Olympus_Mons');
          await submitWithoutValidation(page, 'form[action="/admin/school"]');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          await assertAccessible(page, `/admin/school errors [${theme}]`);
        });

        test('/admin/mark-codes', async () => {
          await page.goto(`${BASE_URL}/admin/mark-codes`);
          assert.equal((await page.locator('h1').innerText()).trim(), 'Codes de notation');
          assert.ok((await page.locator('tbody tr').count()) >= 6, 'the codes and a new row');
          await assertAccessible(page, `/admin/mark-codes [${theme}]`);
        });

        test('/admin/mark-codes after an invalid submit', async () => {
          await page.goto(`${BASE_URL}/admin/mark-codes`);
          await page.locator('[id="codes.0.label"]').fill('');
          await page.getByRole('textbox', { name: 'Nouveau code', exact: true }).fill('1A');
          await submitWithoutValidation(page, 'form[action="/admin/mark-codes"]');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          assert.equal(await page.locator('[aria-invalid="true"]').count(), 3, 'row 0 label, new code and its label');
          await assertAccessible(page, `/admin/mark-codes errors [${theme}]`);
        });

        test('/admin/bulletin-template', async () => {
          await page.goto(`${BASE_URL}/admin/bulletin-template`);
          assert.equal((await page.locator('h1').innerText()).trim(), 'Modèle de bulletin');
          await assertAccessible(page, `/admin/bulletin-template [${theme}]`);
        });

        test('/admin/bulletin-template after a broken template', async () => {
          await page.goto(`${BASE_URL}/admin/bulletin-template`);
          await page.locator('#source').fill('#let data = json("data.json")\n#data.nope(\n');
          await submitWithoutValidation(page, 'form[action="/admin/bulletin-template"]');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          await assertAccessible(page, `/admin/bulletin-template errors [${theme}]`);
        });

        test('/students', async () => {
          await page.goto(`${BASE_URL}/students`);
          assert.equal((await page.locator('h1').innerText()).trim(), 'Élèves');
          assert.ok((await page.locator('tbody tr').count()) > 0);
          await assertAccessible(page, `/students [${theme}]`);
        });

        test('/students?page=2&class=… (filters and pager)', async () => {
          await page.goto(`${BASE_URL}/students?page=2`);
          assert.equal(await page.getByRole('navigation', { name: 'Pagination' }).count(), 1);
          await assertAccessible(page, `/students?page=2 [${theme}]`);
          const klass = await page.locator('#class option').nth(1).getAttribute('value');
          await page.goto(`${BASE_URL}/students?class=${klass}`);
          assert.equal(await page.locator('#class').inputValue(), klass);
          await assertAccessible(page, `/students?class=… [${theme}]`);
        });

        test('/students/{id} with the national ID and medical notes', async () => {
          const href = await studentWithMedical();
          await page.goto(`${BASE_URL}${href}`);
          assert.equal(await page.locator('#national-id code').count(), 1);
          assert.equal(await page.locator('#medical p:not(.muted)').count(), 1);
          await assertAccessible(page, `/students/{id} medical [${theme}]`);
        });

        test('/students/lookup with no match', async () => {
          await page.goto(`${BASE_URL}/students`);
          await page.getByLabel('Identifiant national (INE)').fill('0000000000Z');
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('button', { name: 'Rechercher' }).click(),
          ]);
          assert.equal(pathOf(page), '/students/lookup');
          assert.equal(await page.getByRole('status').count(), 1);
          await assertAccessible(page, `/students/lookup none [${theme}]`);
        });

        test('/students/import', async () => {
          await page.goto(`${BASE_URL}/students/import`);
          assert.equal((await page.locator('h1').innerText()).trim(), 'Importer des élèves');
          await assertAccessible(page, `/students/import [${theme}]`);
        });

        test('/students/import with a file report (errors shown)', async () => {
          await page.goto(`${BASE_URL}/students/import`);
          await page.getByLabel('Fichier CSV').setInputFiles({
            name: 'eleves.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from('matricule;nom;prénom;date_naissance;classe\nA1;Roux;;31/02/2013;9e Z\n', 'utf8'),
          });
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('button', { name: 'Vérifier le fichier' }).click(),
          ]);
          assert.equal(await page.getByRole('alert').count(), 1);
          assert.ok((await page.locator('.import-report tbody tr').count()) >= 2);
          await assertAccessible(page, `/students/import report [${theme}]`);
        });

        test('/students/import preview, then the job page', async () => {
          // Own matricules, so that the import browser test's counts are not disturbed.
          const template = await (await page.request.get(`${BASE_URL}/static/templates/eleves-modele.csv`)).text();
          const file = template.replaceAll('2025-014', 'A11Y-014').replace(';5e B;', ';5e A;');
          await page.goto(`${BASE_URL}/students/import`);
          await page.getByLabel('Fichier CSV').setInputFiles({
            name: 'eleves.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from(file, 'utf8'),
          });
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('button', { name: 'Vérifier le fichier' }).click(),
          ]);
          assert.equal(await page.locator('table.import-counts').count(), 1);
          await assertAccessible(page, `/students/import preview [${theme}]`);
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('button', { name: 'Confirmer l’import' }).click(),
          ]);
          await page.locator('#import-progress').getByText('Import terminé').waitFor({ timeout: 15000 });
          await assertAccessible(page, `/students/import/jobs/{id} [${theme}]`);
        });

        test('/admin/structure/import/{kind} and its report', async () => {
          for (const kind of ['teachers', 'classes', 'assignments']) {
            await page.goto(`${BASE_URL}/admin/structure/import/${kind}`);
            await assertAccessible(page, `/admin/structure/import/${kind} [${theme}]`);
          }
          await page.getByLabel('Fichier CSV').setInputFiles({
            name: 'services.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from('classe;matière;professeur\n9e Z;ZZZ;personne\n', 'utf8'),
          });
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('button', { name: 'Vérifier le fichier' }).click(),
          ]);
          assert.ok((await page.locator('.import-report tbody tr').count()) >= 3);
          await assertAccessible(page, `/admin/structure/import/assignments report [${theme}]`);
        });

        test('/bulletins, /bulletins/verify and a student\'s bulletins as admin', async () => {
          await page.goto(`${BASE_URL}/bulletins`);
          assert.ok((await page.locator('tbody tr').count()) > 0, 'the classes of the period');
          await assertAccessible(page, `/bulletins [${theme}]`);
          await page.goto(`${BASE_URL}/bulletins/verify`);
          await assertAccessible(page, `/bulletins/verify [${theme}]`);
          await page.setInputFiles('#file', {
            name: 'autre.pdf',
            mimeType: 'application/pdf',
            buffer: Buffer.from('%PDF-1.7 not a bulletin', 'utf8'),
          });
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole('button', { name: 'Vérifier' }).click(),
          ]);
          assert.equal(await page.locator('#h-result').count(), 1);
          await assertAccessible(page, `/bulletins/verify result [${theme}]`);
          await page.goto(`${BASE_URL}/students`);
          const student = await page.locator('tbody a[href^="/students/"]').first().getAttribute('href');
          await page.goto(`${BASE_URL}${student}/bulletins`);
          await assertAccessible(page, `/students/{id}/bulletins as admin [${theme}]`);
        });

        test('/admin/audit', async () => {
          await page.goto(`${BASE_URL}/admin/audit`);
          assert.ok((await page.locator('tbody tr').count()) > 0);
          await assertAccessible(page, `/admin/audit [${theme}]`);
        });

        test('/gradebook (every class) and /assessments/new (choose the class)', async () => {
          await page.goto(`${BASE_URL}/gradebook`);
          assert.ok((await page.locator('.gradebook-classes > li').count()) >= 4, 'every class');
          await assertAccessible(page, `/gradebook as admin [${theme}]`);
          await page.goto(`${BASE_URL}/assessments/new`);
          assert.ok((await page.locator('a[href^="/assessments/new?class_id="]').count()) > 0);
          await assertAccessible(page, `/assessments/new (choose) as admin [${theme}]`);
        });

        // School structure (src/structure): every page, and forms showing their errors.
        for (const path of [
          '/admin/structure',
          '/admin/structure/years',
          '/admin/structure/years/new',
          '/admin/structure/levels',
          '/admin/structure/classes',
          '/admin/structure/classes/new',
          '/admin/structure/subjects',
          '/admin/structure/subjects/new',
          '/admin/structure/subject-groups',
          '/admin/structure/coefficients',
          '/admin/structure/coefficient-overrides',
          '/classes',
        ]) {
          test(path, async () => {
            await page.goto(`${BASE_URL}${path}`);
            assert.equal(await page.locator('h1').count(), 1);
            await assertAccessible(page, `${path} [${theme}]`);
          });
        }

        test('/admin/structure: a period, a class, its assignments and its page', async () => {
          await page.goto(`${BASE_URL}/admin/structure/years`);
          const period = await page.locator('a[href^="/admin/structure/periods/"]').first().getAttribute('href');
          await page.goto(`${BASE_URL}${period}`);
          await assertAccessible(page, `/admin/structure/periods/{id} [${theme}]`);
          const newPeriod = await page.goto(`${BASE_URL}/admin/structure/years`).then(() =>
            page.locator('a[href$="/periods/new"]').first().getAttribute('href'),
          );
          await page.goto(`${BASE_URL}${newPeriod}`);
          await assertAccessible(page, `/admin/structure/years/{id}/periods/new [${theme}]`);
          await page.goto(`${BASE_URL}/admin/structure/classes`);
          const klass = await page.locator('tbody a[href^="/classes/"]').first().getAttribute('href');
          const id = klass.split('/').pop();
          for (const path of [
            klass,
            `/admin/structure/classes/${id}`,
            `/admin/structure/classes/${id}/assignments`,
            `/admin/structure/classes/${id}/delete`,
          ]) {
            await page.goto(`${BASE_URL}${path}`);
            await assertAccessible(page, `${path.replace(id, '{id}')} [${theme}]`);
          }
        });

        test('/admin/structure/subjects/new after an invalid submit', async () => {
          await page.goto(`${BASE_URL}/admin/structure/subjects/new`);
          await page.getByLabel('Code').fill('pas un code');
          await submitWithoutValidation(page, 'form[action="/admin/structure/subjects/new"]');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          assert.ok((await page.locator('.field-error').count()) >= 2, 'field errors show');
          await assertAccessible(page, `/admin/structure/subjects/new errors [${theme}]`);
        });

        test('/admin/structure/classes/{id}/assignments after an invalid period assignment', async () => {
          await page.goto(`${BASE_URL}/admin/structure/classes`);
          const klass = await page.locator('tbody a[href^="/classes/"]').first().getAttribute('href');
          const id = klass.split('/').pop();
          await page.goto(`${BASE_URL}/admin/structure/classes/${id}/assignments`);
          await submitWithoutValidation(page, `form[action="/admin/structure/classes/${id}/assignments/periods"]`);
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          assert.ok((await page.locator('#period_id-error').count()) === 1);
          await assertAccessible(page, `/admin/structure/classes/{id}/assignments errors [${theme}]`);
        });

        test('/admin/structure/coefficients after an invalid grid', async () => {
          await page.goto(`${BASE_URL}/admin/structure/coefficients`);
          await page.locator('input.coef').first().fill('beaucoup');
          await submitWithoutValidation(page, 'form#coefficients');
          assert.equal(await page.locator('#error-summary').count(), 1, 'the error summary shows');
          assert.equal(await page.locator('input.coef[aria-invalid="true"]').count(), 1);
          await assertAccessible(page, `/admin/structure/coefficients errors [${theme}]`);
        });

        test('404 page (/nope), signed in', async () => {
          const response = await page.goto(`${BASE_URL}/nope`);
          assert.equal(response.status(), 404);
          await assertAccessible(page, `/nope as admin [${theme}]`);
        });
      });
    }
  });
}

// People management (issue 5): students' forms, enrolment, photo, guardians, staff, a parent's
// contact details; each page in both themes, forms also showing their errors.
for (const theme of THEMES) {
  describe(`people pages [${theme}]`, () => {
    let context;
    let page;
    let student;
    let guardian;
    before(async () => {
      context = await newContext(browser);
      page = await context.newPage();
      await login(page, 'admin');
      await useTheme(page, theme);
      await page.goto(`${BASE_URL}/students`);
      student = await page.locator('tbody a[href^="/students/"]').first().getAttribute('href');
      await page.goto(`${BASE_URL}/guardians`);
      guardian = await page.locator('tbody a[href^="/guardians/"]').first().getAttribute('href');
    });
    after(async () => {
      try {
        await page.goto(`${BASE_URL}/`);
        await chooseAndWait(page, page.locator('#pref-theme'), 'system');
      } finally {
        await context?.close();
      }
    });

    const pages = () => [
      '/students/new',
      student,
      `${student}/edit`,
      `${student}/enrolment`,
      `${student}/photo/upload`,
      `${student}/guardians`,
      `${student}/guardians?q=a`,
      '/guardians',
      '/guardians/new',
      guardian,
      `${guardian}/edit`,
      '/staff',
    ];
    test('every people page as admin', async () => {
      for (const path of pages()) {
        const response = await page.goto(`${BASE_URL}${path}`);
        assert.equal(response.status(), 200, path);
        await assertAccessible(page, `${path} [${theme}]`);
      }
    });

    test('/students/new after an invalid submit', async () => {
      await page.goto(`${BASE_URL}/students/new`);
      await page.locator('#birth_date').fill('2090-01-01');
      await submitWithoutValidation(page, 'form[action="/students/new"]');
      assert.equal(await page.locator('#error-summary').count(), 1);
      assert.ok((await page.locator('.field-error').count()) >= 3);
      await assertAccessible(page, `/students/new errors [${theme}]`);
    });

    test('/guardians/new after an invalid submit', async () => {
      await page.goto(`${BASE_URL}/guardians/new`);
      await page.locator('#phone').fill('not a phone');
      await page.locator('#email').fill('nope');
      await submitWithoutValidation(page, 'form[action="/guardians/new"]');
      assert.ok((await page.locator('.field-error').count()) >= 4);
      await assertAccessible(page, `/guardians/new errors [${theme}]`);
    });

    test('enrolment and photo forms with their errors', async () => {
      await page.goto(`${BASE_URL}${student}/enrolment`);
      await submitWithoutValidation(page, `form[action="${student}/enrolment"]`);
      assert.equal(await page.locator('#error-summary').count(), 1);
      await assertAccessible(page, `${student}/enrolment errors [${theme}]`);
      await page.goto(`${BASE_URL}${student}/photo/upload`);
      await page.locator('#photo').setInputFiles({
        name: 'note.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('not an image'),
      });
      await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
      assert.equal(await page.locator('#photo-error').count(), 1);
      await assertAccessible(page, `${student}/photo/upload errors [${theme}]`);
    });

    test('a parent\'s contact page, with an error', async () => {
      const parentContext = await newContext(browser);
      const parent = await parentContext.newPage();
      try {
        await login(parent, 'parent');
        await useTheme(parent, theme);
        await parent.goto(`${BASE_URL}/account/contact`);
        await assertAccessible(parent, `/account/contact [${theme}]`);
        await parent.locator('#phone_alt').fill('abc');
        await submitWithoutValidation(parent, 'form[action="/account/contact"]');
        assert.equal(await parent.locator('#phone_alt-error').count(), 1);
        await assertAccessible(parent, `/account/contact errors [${theme}]`);
        await chooseAndWait(parent, parent.locator('#pref-theme'), 'system');
      } finally {
        await parentContext.close();
      }
    });

    test('/staff as a teacher', async () => {
      const teacherContext = await newContext(browser);
      const teacher = await teacherContext.newPage();
      try {
        await login(teacher, 'teacher');
        await useTheme(teacher, theme);
        await teacher.goto(`${BASE_URL}/staff`);
        assert.ok((await teacher.locator('tbody tr').count()) > 0);
        await assertAccessible(teacher, `/staff as teacher [${theme}]`);
        await chooseAndWait(teacher, teacher.locator('#pref-theme'), 'system');
      } finally {
        await teacherContext.close();
      }
    });
  });
}
