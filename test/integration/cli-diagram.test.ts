import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { referenceProject } from '../helpers/reference';

const ROOT = join(__dirname, '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];

function conduit(...args: string[]) {
  return spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

test("conduit diagram draws tutorial 5's HealthcareAPI.xml, unmodified, as SVG", (t) => {
  const project = referenceProject(t, 5);
  if (!project) return;
  const dir = mkdtempSync(join(tmpdir(), 'conduit-diagram-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const api = join(project, 'SampleServicesConfigs', 'src', 'main', 'synapse-config', 'api', 'HealthcareAPI.xml');
  const out = join(dir, 'healthcare.svg');
  const r = conduit('diagram', api, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /healthcare\.svg \(2 flows, 27 mediators\)/);
  const svg = readFileSync(out, 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const text of ['GET /querydoctor/{category}', 'POST /categories/{category}/reserve', '>datamapper<', '>switch<', 'case grand oak community', 'case clemency medical center', 'case pine valley community', '>default<', 'GrandOakEP', 'ChannelingFeeEP', '>payloadFactory<', 'PaymentRequestMessageStore']) {
    assert.ok(svg.includes(text), `the picture shows ${text}`);
  }

  const one = join(dir, 'reserve.svg');
  const r2 = conduit('diagram', api, '--resource', '/querydoctor/{category}', '--out', one);
  assert.equal(r2.status, 0, r2.stderr);
  assert.ok(!readFileSync(one, 'utf8').includes('PaymentRequestMessageStore'));
});

test('conduit diagram refuses bad input with the reason and leaves the output file as it was', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-diagram-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const broken = join(dir, 'Broken.xml');
  writeFileSync(broken, '<sequence xmlns="http://ws.apache.org/ns/synapse" name="B"><log>');
  const out = join(dir, 'old.svg');
  writeFileSync(out, 'previous picture');
  const r = conduit('diagram', broken, '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Broken\.xml: not well-formed XML at 1:\d+/);
  assert.equal(readFileSync(out, 'utf8'), 'previous picture');

  const missing = conduit('diagram', broken);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /diagram needs --out <file\.svg>/);
});
