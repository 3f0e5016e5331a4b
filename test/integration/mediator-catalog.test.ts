/**
 * The language's registry of mediators (src/model/mediators/index.ts, read through schema.ts) and the
 * runtime's (src/runtime/mediators/builtins.ts) name the same mediators: one the editor accepts but the runtime
 * cannot run, or one the runtime runs but the editor calls unknown, would make them disagree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEDIATORS, OPAQUE_MEDIATORS } from '../../src/model/validate/schema';
import { BUILTIN_MEDIATORS } from '../../src/runtime/mediators/builtins';

test('the runtime runs exactly the mediators the language knows, and none it calls unsupported', () => {
  const runs = BUILTIN_MEDIATORS.map((m) => m.name).sort();
  assert.deepEqual(runs, Object.keys(MEDIATORS).sort());
  assert.deepEqual(runs.filter((n) => OPAQUE_MEDIATORS.has(n)), []);
  assert.equal(new Set(runs).size, runs.length, 'no mediator is registered twice');
});
