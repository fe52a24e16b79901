// Shared helpers for the browser tests: configuration from the environment (set by run.sh),
// launching Debian's chromium through playwright-core, logging in, and axe-core scans.

import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the suite through browser/run.sh`);
  }
  return value.replace(/\/+$/, '');
}

/** The demo server (seeded with `serve --demo`). */
export const BASE_URL = required('ESCHOOL_BASE_URL');
/** A server on an empty data directory, still waiting for its first-run setup. */
export const SETUP_URL = process.env.ESCHOOL_SETUP_URL?.replace(/\/+$/, '') ?? '';
/** The password of every demo account. */
export const DEMO_PASSWORD = required('ESCHOOL_DEMO_PASSWORD');

export const ROLES = ['admin', 'teacher', 'cpe', 'bursar', 'parent', 'student'];

/** Themes the accessibility scans run in: the theme preference and the emulated OS scheme. */
export const THEMES = ['light', 'dark'];

const AXE_PATH = join(here, '..', 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// This machine has no network: without these flags chromium stalls on background requests.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/**
 * A fresh browser profile (its own cookies). `bypassCSP` lets page.addScriptTag inject axe-core:
 * the app's Content-Security-Policy rightly forbids inline scripts.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'fr-FR',
    colorScheme: 'light',
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

/** The path (and query) the page is on. */
export function pathOf(page) {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Logs in through the login form with the keyboard: type, then Enter. */
export async function login(page, username, password = DEMO_PASSWORD, base = BASE_URL) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByLabel('Mot de passe').press('Enter')]);
}

/** Chooses an option in a select that submits its form by itself, and waits for the new page. */
export async function chooseAndWait(page, select, value) {
  await Promise.all([page.waitForNavigation(), select.selectOption(value)]);
}

/**
 * Sets the theme the way a user does, with the footer's theme select, and emulates the matching
 * OS colour scheme; checks the page took it.
 */
export async function useTheme(page, theme) {
  await page.emulateMedia({ colorScheme: theme === 'dark' ? 'dark' : 'light' });
  const select = page.locator('#pref-theme');
  if ((await select.inputValue()) !== theme) {
    await chooseAndWait(page, select, theme);
  }
  assert.equal(await page.locator('html').getAttribute('data-theme'), theme);
}

/** Submits a form without the browser's own checks, as a browser without them would. */
export async function submitWithoutValidation(page, formSelector) {
  await page.locator(formSelector).evaluate((form) => {
    form.noValidate = true;
  });
  await Promise.all([
    page.waitForNavigation(),
    page.locator(`${formSelector} button[type="submit"]`).click(),
  ]);
}

/** Runs axe-core on the whole page with the WCAG 2.0/2.1 A and AA rules. */
export async function axeScan(page) {
  await page.waitForLoadState('load');
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  return page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
}

/** A readable account of axe violations: rule, impact, help, and each offending node. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      - ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

function record(entry) {
  const file = process.env.ESCHOOL_AXE_LOG;
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** Scans the current page and fails, listing every violation, unless there is none. */
export async function assertAccessible(page, label) {
  const result = await axeScan(page);
  const theme = await page.locator('html').getAttribute('data-theme');
  const violations = result.violations;
  record({
    label,
    path: pathOf(page),
    theme,
    passes: result.passes.length,
    incomplete: result.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length })),
    violations: violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
  });
  if (violations.length > 0) {
    assert.fail(
      `axe found ${violations.length} violation(s) on ${label} (${pathOf(page)}, theme ${theme}):\n` +
        formatViolations(violations),
    );
  }
}
