// The language server on an MI 4.4 project with TypeScript data mappings: no diagnostics on the clean
// project, and an edit to X.ts (unsaved) gets its syntax or type error at its place, cleared by the fix.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mi44-datamapper');
const API = join(FIXTURE, 'src', 'main', 'wso2mi', 'artifacts', 'apis', 'MappingAPI.xml');
const TS = join(FIXTURE, 'src', 'main', 'wso2mi', 'resources', 'datamapper', 'OrderToInvoice', 'OrderToInvoice.ts');

describe('language server: TypeScript data mappings', { timeout: 60_000 }, () => {
  const client = LspClient.inProcess();
  before(() => client.initialize(FIXTURE));
  after(() => client.close());

  test('the project as committed (only .ts files, no generated ones) has no diagnostics', () => {
    assert.deepEqual(client.diagnosticsOf(API), []);
    assert.deepEqual(client.diagnosticsOf(TS), []);
  });

  test('a type error typed into X.ts is reported at its place, and goes away when fixed', async () => {
    const text = readFileSync(TS, 'utf8');
    const broken = text.replace('reference: dmUtils.concat("INV-", input.orderId),', 'reference: input.shipping.toUpperCase(),');
    const lines = broken.split('\n');
    const line = lines.findIndex((l) => l.includes('input.shipping.toUpperCase()'));
    const character = lines[line].indexOf('toUpperCase');
    let next = client.nextDiagnostics(TS);
    await client.open(TS, text);
    await next;
    next = client.nextDiagnostics(TS);
    await client.change(TS, broken);
    assert.deepEqual(
      (await next).map((d) => ({ code: d.code, range: d.range, message: d.message })),
      [
        {
          code: 'CONDUIT_DATAMAPPER_INVALID',
          range: { start: { line, character }, end: { line, character: character + 'toUpperCase'.length } },
          message: "the data mapping OrderToInvoice: TS2339: Property 'toUpperCase' does not exist on type 'number'.",
        },
      ],
    );
    next = client.nextDiagnostics(TS);
    await client.change(TS, broken.replace('input.shipping.toUpperCase(),', ','));
    const syntax = await next;
    // A syntax error alone: what does not parse is not type-checked.
    assert.deepEqual(
      syntax.map((d) => [d.code, d.range.start, d.message]),
      [['CONDUIT_DATAMAPPER_INVALID', { line, character: lines[line].indexOf('input.') }, 'the data mapping OrderToInvoice: TS1109: Expression expected.']],
    );
    next = client.nextDiagnostics(TS);
    await client.change(TS, text);
    assert.deepEqual(await next, []);
  });
});

describe('language server: a TypeScript data mapping written after the project loaded', { timeout: 60_000 }, () => {
  const client = LspClient.inProcess();
  const dir = mkdtempSync(join(tmpdir(), 'conduit-lsp-dm-'));
  const folder = join(dir, 'src', 'main', 'wso2mi', 'resources', 'datamapper', 'Fresh');
  before(async () => {
    cpSync(FIXTURE, dir, { recursive: true });
    await client.initialize(dir);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('is checked as soon as the editor has it, and its import resolves once dm-utils.ts is there too', async () => {
    const ts = join(folder, 'Fresh.ts');
    const utils = join(folder, 'dm-utils.ts');
    const text = 'import * as dmUtils from "./dm-utils";\ninterface InputRoot { a: string }\ninterface OutputRoot { b: string }\nexport function mapFunction(input: InputRoot): OutputRoot {\n    return { b: dmUtils.trim(input.a) };\n}\n';
    let next = client.nextDiagnostics(ts);
    await client.open(ts, text);
    assert.deepEqual(
      (await next).map((d) => [d.code, d.range.start, d.message]),
      [['CONDUIT_DATAMAPPER_INVALID', { line: 0, character: 25 }, "the data mapping Fresh: TS2307: Cannot find module './dm-utils' or its corresponding type declarations."]],
    );
    next = client.nextDiagnostics(ts);
    await client.open(utils, 'export function trim(s: string): string {\n    return s.trim();\n}\n');
    assert.deepEqual(await next, []);
  });
});
