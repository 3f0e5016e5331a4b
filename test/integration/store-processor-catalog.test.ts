/**
 * For every message store and message processor class the catalog knows (and each older name MI still
 * accepts, and a custom class), the editor's warning that the runtime will not run it appears exactly
 * when the runtime refuses to deploy it, with the same code and words; a class the runtime runs gets no
 * word about its class. The store parameters are the ones the New Message Store wizard writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { artifactText } from '../../src/model/builders/synapse-element';
import { MESSAGE_PROCESSOR_TYPES } from '../../src/model/builders/message-processor';
import { buildMessageStore, MESSAGE_STORE_TYPES } from '../../src/model/builders/message-store';
import { PROCESSOR_CLASS_SPECS } from '../../src/model/catalog/message-processors';
import { STORE_CLASS_SPECS, storeClassOfType, storeTypeNotRun } from '../../src/model/catalog/message-stores';
import { validateProject } from '../../src/model/validate';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { NS, projectFromXml } from '../helpers/project-from-xml';
import { ROOT } from '../helpers/runtime-process';

const UNSUPPORTED = /^CONDUIT_(STORE|PROCESSOR)_UNSUPPORTED$/;

/** `CODE message` of the validator's words about the artifact in `file` that concern whether it runs. */
function validatorSays(files: Record<string, string>, file: string): string[] {
  return validateProject(projectFromXml(files))
    .filter((p) => p.file?.endsWith(file) && (UNSUPPORTED.test(p.code) || / is not deployed$/.test(p.message)))
    .map((p) => `${p.code} ${p.message}`);
}

/** `CODE message` of the runtime's refusal of the artifact `name`, or nothing when it deploys it. */
async function runtimeSays(files: Record<string, string>, name: string): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'conduit-catalog-'));
  const rt = createRuntime({ logger: new MemoryLogger(), port: 0, dataDir });
  try {
    const report = await rt.deploy(projectFromXml(files));
    return report.failed.flatMap((f) => {
      const m = new RegExp(`'${name}' was not deployed: (\\S+ .*)$`).exec(f.message);
      return m ? [m[1]!] : [];
    });
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A store of each wizard type under each name its class goes by, and a class nobody knows. */
function storeCases(): Array<{ what: string; xml: string; runs: boolean }> {
  const cases: Array<{ what: string; xml: string; runs: boolean }> = [];
  for (const info of MESSAGE_STORE_TYPES) {
    const values = info.type === 'custom' ? { class: 'com.example.AuditStore', parameters: 'audit.level=full' } : undefined;
    const xml = artifactText(buildMessageStore({ name: 'S', type: info.type, values }));
    const runs = storeTypeNotRun(info.type) === undefined;
    cases.push({ what: info.type, xml, runs });
    for (const alias of storeClassOfType(info.type)?.aliases ?? []) cases.push({ what: `${info.type} as ${alias}`, xml: xml.replace(/class="[^"]*"/, `class="${alias}"`), runs });
  }
  cases.push({ what: 'no class', xml: `<messageStore name="S" ${NS}/>`, runs: true });
  return cases;
}

test('the class tables of docs/stores.md name every class of the catalog, older names included, as refused exactly when the runtime refuses it', () => {
  const rows = readFileSync(join(ROOT, 'docs', 'stores.md'), 'utf8').split('\n').filter((l) => l.startsWith('| '));
  for (const spec of [...STORE_CLASS_SPECS, ...PROCESSOR_CLASS_SPECS]) {
    for (const name of [spec.className, ...(spec.aliases ?? [])]) {
      const row = rows.find((r) => r.includes(`\`${name}\``));
      assert.ok(row, `docs/stores.md has a table row naming ${name}`);
      assert.equal(/refused with `CONDUIT_(STORE|PROCESSOR)_UNSUPPORTED`/.test(row), spec.notRun !== undefined, `docs/stores.md: ${row}`);
    }
  }
  for (const info of MESSAGE_PROCESSOR_TYPES.filter((t) => t.className)) {
    assert.ok(rows.find((r) => r.includes(`\`${info.className}\``))?.includes(`| ${info.label} |`), `docs/stores.md calls ${info.className} ${info.label}`);
  }
});

test('the catalog covers every store class a wizard writes', () => {
  const written = new Set(MESSAGE_STORE_TYPES.map((t) => storeClassOfType(t.type)?.type).filter(Boolean));
  assert.deepEqual([...written].sort(), STORE_CLASS_SPECS.map((c) => c.type).sort());
});

for (const { what, xml, runs } of storeCases()) {
  test(`message store (${what}): the editor warns exactly when the runtime refuses it, in its words`, async () => {
    const files = { 'message-stores/S.xml': xml };
    const refused = await runtimeSays(files, 'S');
    assert.equal(refused.length === 0, runs, refused.join());
    assert.deepEqual(validatorSays(files, 'S.xml'), refused);
  });
}

const PROCESSOR_SETUP: Record<string, { attrs?: string; params?: string }> = {
  sampling: { params: '<parameter name="sequence">Seq</parameter>' },
  'scheduled-forwarding': { attrs: 'targetEndpoint="Ep"' },
  'failover-forwarding': { params: '<parameter name="message.target.store.name">S2</parameter>' },
};

const SUPPORT = {
  'sequences/Seq.xml': `<sequence name="Seq" ${NS}><drop/></sequence>`,
  'endpoints/Ep.xml': `<endpoint name="Ep" ${NS}><address uri="http://127.0.0.1:1/x"/></endpoint>`,
  'message-stores/S2.xml': `<messageStore name="S2" ${NS}/>`,
};

function processor(className: string, store: string, setup: { attrs?: string; params?: string } = {}): string {
  return `<messageProcessor name="P" class="${className}" messageStore="${store}" ${setup.attrs ?? ''} ${NS}><parameter name="is.active">false</parameter>${setup.params ?? ''}</messageProcessor>`;
}

const processorCases: Array<{ what: string; xml: string; store?: string }> = [
  ...PROCESSOR_CLASS_SPECS.flatMap((spec) =>
    [spec.className, ...(spec.aliases ?? [])].map((cls) => ({ what: cls, xml: processor(cls, 'S', PROCESSOR_SETUP[spec.type]) })),
  ),
  { what: 'a custom class', xml: processor('com.example.AuditProcessor', 'S') },
  // The runtime refuses a processor whose store it refused, before it looks at the processor's class.
  { what: 'a sampling processor on a JDBC store', xml: processor(PROCESSOR_CLASS_SPECS[0]!.className, 'S', PROCESSOR_SETUP.sampling), store: 'jdbc' },
  { what: 'a custom processor on a JDBC store', xml: processor('com.example.AuditProcessor', 'S'), store: 'jdbc' },
];

for (const { what, xml, store } of processorCases) {
  test(`message processor (${what}): the editor warns exactly when the runtime refuses it, in its words`, async () => {
    const storeXml = store === 'jdbc' ? artifactText(buildMessageStore({ name: 'S', type: 'jdbc' })) : `<messageStore name="S" ${NS}/>`;
    const files = { ...SUPPORT, 'message-stores/S.xml': storeXml, 'message-processors/P.xml': xml };
    const refused = await runtimeSays(files, 'P');
    assert.deepEqual(validatorSays(files, 'P.xml'), refused);
    if (what.startsWith('org.')) assert.deepEqual(refused, [], 'a catalogued processor class deploys');
  });
}
