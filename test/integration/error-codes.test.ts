// Keeps docs/errors.md and the code table in src/model/errors.ts in step: every code is documented
// once, with the severity the code gives it, and the docs name no code that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERRORS } from '../../src/model/errors';

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
const rows = new Map<string, string>();
for (const line of docs.split('\n')) {
  const m = /^\|\s*`?(CONDUIT_[A-Z0-9_]+)`?\s*\|\s*(\w+)\s*\|/.exec(line);
  if (m) {
    assert.ok(!rows.has(m[1]), `${m[1]} is listed twice in docs/errors.md`);
    rows.set(m[1], m[2]);
  }
}

test('every error code is documented with its severity', () => {
  for (const [code, def] of Object.entries(ERRORS)) {
    assert.equal(rows.get(code), def.severity, `docs/errors.md row for ${code}`);
  }
});

test('docs/errors.md names only codes that exist', () => {
  for (const code of rows.keys()) assert.ok(code in ERRORS, `${code} is documented but not defined in src/model/errors.ts`);
});
