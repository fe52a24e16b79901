// The interactive API documentation: served by the binary (no CDN), renders the generated
// OpenAPI document, and passes the same accessibility scan as every other page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, assertAccessible, launch, newContext } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('/api/docs renders the API from this server only', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const external = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(BASE_URL)) external.push(request.url());
  });
  try {
    await page.goto(`${BASE_URL}/api/docs`);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 15000 });
    assert.match(await page.textContent('.swagger-ui .info .title'), /eSchool API/);
    await page.waitForSelector('.opblock-tag', { timeout: 15000 });
    const tags = await page.$$eval('.opblock-tag', (nodes) => nodes.map((n) => n.textContent.trim()));
    for (const tag of ['auth', 'users', 'schools']) {
      assert.ok(tags.some((t) => t.startsWith(tag)), `tag ${tag} listed: ${tags.join(' | ')}`);
    }
    assert.deepEqual(external, [], 'no request leaves the server');
    await assertAccessible(page, '/api/docs');
  } finally {
    await context.close();
  }
});
