// Prints the end-of-run summary: one line per axe scan, then the test counts.
// Usage: node lib/summary.mjs AXE_LOG.jsonl RESULTS.tap SECONDS

import { existsSync, readFileSync } from 'node:fs';

const [axeLog, tapFile, seconds] = process.argv.slice(2);

const scans = existsSync(axeLog)
  ? readFileSync(axeLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];

console.log('\n==== axe-core scans (WCAG 2.0/2.1 A + AA) ====');
if (scans.length === 0) {
  console.log('  (none ran)');
} else {
  const width = Math.max(...scans.map((s) => s.label.length));
  for (const s of scans) {
    const count = s.violations.length;
    const verdict = count === 0 ? 'ok' : `${count} violation(s): ${s.violations.map((v) => `${v.id} [${v.impact}] ×${v.nodes}`).join(', ')}`;
    console.log(`  ${count === 0 ? '✔' : '✖'} ${s.label.padEnd(width)}  ${verdict}`);
  }
  const clean = scans.filter((s) => s.violations.length === 0).length;
  console.log(`  ${clean}/${scans.length} pages without violations`);
}

const counts = { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
if (existsSync(tapFile)) {
  for (const line of readFileSync(tapFile, 'utf8').split('\n')) {
    const m = /^# (tests|pass|fail|skipped|todo|cancelled) (\d+)$/.exec(line);
    if (m) counts[m[1]] = Number(m[2]);
  }
}
console.log('\n==== browser tests ====');
console.log(`  ${counts.tests} tests in ${seconds ?? '?'} s`);
const failed = counts.fail + counts.cancelled;
const skipped = counts.skipped + counts.todo;
console.log(`browser: ${counts.pass} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
