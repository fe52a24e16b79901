// Keyboard use: the skip link comes first and takes focus to the main content.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, launch, login, newContext } from '../lib/harness.mjs';

let browser;
let context;
let page;
before(async () => {
  browser = await launch();
  context = await newContext(browser);
  page = await context.newPage();
});
after(async () => {
  await browser?.close();
});

/** What has focus: tag, id, text. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? null,
      id: el?.id || null,
      text: el?.textContent?.trim() ?? '',
      className: el?.className || '',
    };
  });
}

async function checkSkipLink(page) {
  // Nothing has focus on arrival (no autofocus skipping the page's context), so the first Tab
  // goes to the first focusable element.
  const start = await focused(page);
  assert.equal(start.tag, 'body', `nothing is focused on arrival, got ${JSON.stringify(start)}`);
  await page.keyboard.press('Tab');
  const first = await focused(page);
  assert.equal(first.tag, 'a', `first Tab focuses a link, got ${JSON.stringify(first)}`);
  assert.equal(first.text, 'Aller au contenu');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  assert.ok(await skip.isVisible(), 'the skip link is visible once focused');
  const box = await skip.boundingBox();
  assert.ok(box && box.x >= 0 && box.y >= 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);

  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  const after = await focused(page);
  assert.equal(after.tag, 'main', `Enter on the skip link focuses main, got ${JSON.stringify(after)}`);
  assert.match(new URL(page.url()).hash, /^#main$/);

  // The next Tab continues inside main, not back in the header.
  await page.keyboard.press('Tab');
  const inside = await page.evaluate(() => document.querySelector('main').contains(document.activeElement));
  assert.ok(inside, 'Tab after skipping lands inside main');
}

test('on /login the first Tab reaches the skip link, which moves focus to main', async () => {
  await page.goto(`${BASE_URL}/login`);
  await checkSkipLink(page);
});

test('the skip link also works on a signed-in page with navigation', async () => {
  await login(page, 'admin');
  await page.goto(`${BASE_URL}/admin/users`);
  await checkSkipLink(page);
});
