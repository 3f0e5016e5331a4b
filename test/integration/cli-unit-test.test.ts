import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { conduit, ROOT } from '../helpers/runtime-process';

const CORPUS = join(ROOT, '..', 'shared', 'compat-corpus');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'unit-test-mock');

for (const [name, suites, cases] of [
  ['is-hello-world', [], ['HelloWorldTestCase']],
  ['is-content-based-routing', [], ['TestFrench', 'TestSpanish', 'OtherLanguages']],
  ['is-unittest-short-tutorial', ['UnittestSampleProject/test/businessLogicTestSuite.xml'], ['TestCaseForTrueResponseCase', 'TestCaseForFalseResponseCase']],
] as const) {
  test(`the unit-test suites of ${name} pass unchanged`, async (t) => {
    const project = join(CORPUS, name);
    if (!existsSync(project)) return t.skip(`${project} is absent`);
    const r = await conduit('test', project, ...suites.map((s) => join(project, s)));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const c of cases) assert.match(r.stdout, new RegExp(`^PASS .* › ${c} \\(`, 'm'));
    assert.match(r.stdout, new RegExp(`^${cases.length} passed, 0 failed$`, 'm'));
  });
}

test('a suite testing a sequence is reported as not runnable yet, with exit 2', async (t) => {
  const project = join(CORPUS, 'is-unittest-short-tutorial');
  if (!existsSync(project)) return t.skip(`${project} is absent`);
  const r = await conduit('test', project, join(project, 'UnittestSampleProject', 'test', 'fisrtSubFlowTestSuite.xml'));
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /tests the sequence firstSubFlow; only suites testing an API run in this version/);
});

test('a mocked endpoint is answered by the mock service, and exactly the failing case is reported with expected and actual', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-unit-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const report = join(dir, 'report.xml');
  const r = await conduit('test', FIXTURE, '--junit', report);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^PASS src\/test\/wso2mi\/StockAPITest\.xml › QuoteFromMock \(/m);
  assert.match(r.stdout, /^FAIL src\/test\/wso2mi\/StockAPITest\.xml › DeliberatelyWrongPrice \(/m);
  assert.match(r.stdout, /this case fails on purpose: the mock answers 42\.5\n\s+expected: \{"symbol":"WSO2","price":99\}\n\s+actual: +\{"symbol":"WSO2","price":42\.5\}/);
  assert.match(r.stdout, /^1 passed, 1 failed$/m);

  const errors: string[] = [];
  const doc = new DOMParser({ onError: (_level, msg) => errors.push(msg) }).parseFromString(readFileSync(report, 'utf8'), 'text/xml');
  assert.deepEqual(errors, []);
  assert.equal(doc.documentElement?.localName, 'testsuites');
  const cases = [...doc.getElementsByTagName('testcase')];
  assert.deepEqual(cases.map((c) => c.getAttribute('name')), ['QuoteFromMock', 'DeliberatelyWrongPrice']);
  assert.equal(cases[0].getElementsByTagName('failure').length, 0);
  const failure = cases[1].getElementsByTagName('failure')[0];
  assert.equal(failure.getAttribute('message'), 'this case fails on purpose: the mock answers 42.5');
  assert.match(failure.textContent ?? '', /expected: \{"symbol":"WSO2","price":99\}\nactual: +\{"symbol":"WSO2","price":42\.5\}/);
});

test('a suite that is not well-formed exits 2 with the reason, and no case is counted', async () => {
  const r = await conduit('test', FIXTURE, join(ROOT, 'test', 'fixtures', 'unit-test-broken-suite.xml'));
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /^ERROR .*unit-test-broken-suite\.xml: .*(tag mismatch|not well-formed)/m);
  assert.match(r.stdout, /^0 passed, 0 failed, 1 suite could not run$/m);
});
