// Sequence template parameters in the editor, over stdio against the built server (dist/server.js,
// built by `npm test` before the tests): a call's target and with-param names completed, hovered and
// followed to the template's <parameter>; inside the template, $func: and params.functionParams.
// names completed and hovered, and a read of a parameter the template does not declare warned about.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../src/model/xml';
import { LspClient, uriOf } from '../helpers/lsp-client';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const PROJECT = join(ROOT, 'test', 'fixtures', 'lsp', 'templates');
const ARTIFACTS = join(PROJECT, 'src', 'main', 'wso2mi', 'artifacts');
const API = join(ARTIFACTS, 'apis', 'OrderAPI.xml');
const TEMPLATE = join(ARTIFACTS, 'templates', 'LogOrder.xml');
const disk = (path: string) => readFileSync(path, 'utf8');

/** The position `delta` characters into the first occurrence of `needle`. */
function positionOf(text: string, needle: string, delta = 1): Position {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not in the text`);
  const p = new LineIndex(text).position(at + delta);
  return { line: p.line, character: p.column };
}

const itemsOf = (r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : (r?.items ?? []));

describe('template parameters in the editor', { timeout: 30_000 }, () => {
  let client: LspClient;
  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run node scripts/build.mjs`);
    client = LspClient.spawn(SERVER);
    await client.initialize(PROJECT);
  });
  after(() => client?.close());

  const opened = new Set<string>();
  /** Opens or changes the file to `text` (which must differ from its last) and resolves with its diagnostics. */
  const show = async (path: string, text: string) => {
    const next = client.nextDiagnostics(path);
    if (opened.has(path)) await client.change(path, text);
    else {
      opened.add(path);
      await client.open(path, text);
    }
    return next;
  };
  const completeAt = async (path: string, text: string, needle: string, delta: number) => {
    await show(path, text);
    return itemsOf(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(path) }, position: positionOf(text, needle, delta) }));
  };
  const hoverAt = async (path: string, text: string, needle: string, delta = 1) =>
    ((await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(path) }, position: positionOf(text, needle, delta) }))?.contents as MarkupContent | undefined)?.value;

  test('the fixture is clean', () => {
    for (const [uri, ds] of client.diagnostics) assert.deepEqual(ds, [], uri);
  });

  test('call-template target: the sequence templates only, with their parameters', async () => {
    const text = disk(API).replace('target="LogOrder"', 'target=""');
    const items = await completeAt(API, text, 'target=""', 'target="'.length);
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [['LogOrder', 'template(orderId*, currency, note)']],
    );
  });

  test('with-param name: the parameters not passed yet, mandatory or default in the detail', async () => {
    const text = disk(API).replace('<with-param name="currency" value="USD"/>', '<with-param name="" value="USD"/>');
    const items = await completeAt(API, text, 'name="" value="USD"', 'name="'.length);
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [
        ['currency', 'default EUR'],
        ['note', 'optional'],
      ],
    );
    // A with-param after the cursor counts as passed too.
    const first = disk(API).replace('<with-param name="orderId"', '<with-param name=""');
    assert.deepEqual((await completeAt(API, first, 'name=""', 'name="'.length)).map((i) => i.label), ['orderId', 'note']);
  });

  test('hover on a with-param name shows its declaration', async () => {
    const text = disk(API);
    await show(API, text);
    assert.equal(
      await hoverAt(API, text, '"currency"', 2),
      `**template parameter** \`currency\` of template \`LogOrder\` — default EUR\n\nDeclared at line 4 of \`${TEMPLATE}\``,
    );
    assert.match((await hoverAt(API, text, '"orderId"', 2)) ?? '', /`orderId` of template `LogOrder` — mandatory/);
    const unknown = text.replace('name="currency"', 'name="currenc"');
    await show(API, unknown);
    assert.match((await hoverAt(API, unknown, '"currenc"', 2)) ?? '', /template `LogOrder` declares no such parameter/);
  });

  test('go to definition from a with-param name lands on the <parameter> name', async () => {
    const text = disk(API);
    await show(API, text);
    const loc = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(API) }, position: positionOf(text, '"currency"', 3) });
    assert.deepEqual(loc, { uri: uriOf(TEMPLATE), range: { start: { line: 3, character: 21 }, end: { line: 3, character: 29 } } });
  });

  test('inside the template: $func: and params.functionParams. complete to its parameters', async () => {
    const tpl = disk(TEMPLATE);
    const func = tpl.replace('expression="$func:orderId"', 'expression="$func:"');
    const names = [
      ['orderId', 'mandatory'],
      ['currency', 'default EUR'],
      ['note', 'optional'],
    ];
    assert.deepEqual((await completeAt(TEMPLATE, func, '$func:"', '$func:'.length)).map((i) => [i.label, i.detail]), names);
    // While the template does not parse, the declarations are still read.
    const unclosed = tpl.replace('expression="$func:orderId" scope="default" type="STRING"/>', 'expression="$func:');
    assert.deepEqual((await completeAt(TEMPLATE, unclosed, '$func:', '$func:'.length)).map((i) => i.label), ['orderId', 'currency', 'note']);
    const inText = tpl.replace('${params.functionParams.note}', '${params.functionParams.}');
    assert.deepEqual((await completeAt(TEMPLATE, inText, 'functionParams.}', 'functionParams.'.length)).map((i) => i.label), ['orderId', 'currency', 'note']);
  });

  test('hover on $func:, get-property(func) and params.functionParams. reads', async () => {
    const tpl = disk(TEMPLATE);
    await show(TEMPLATE, tpl);
    assert.match((await hoverAt(TEMPLATE, tpl, '$func:orderId', 8)) ?? '', /^\*\*template parameter\*\* `orderId` of template `LogOrder` — mandatory/);
    assert.match((await hoverAt(TEMPLATE, tpl, "'currency')", 3)) ?? '', /`currency` of template `LogOrder` — default EUR/);
    assert.match((await hoverAt(TEMPLATE, tpl, 'functionParams.note', 16)) ?? '', /`note` of template `LogOrder` — optional/);
    const loc = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(TEMPLATE) }, position: positionOf(tpl, '$func:orderId', 8) });
    assert.deepEqual(loc, { uri: uriOf(TEMPLATE), range: { start: { line: 2, character: 21 }, end: { line: 2, character: 28 } } });
  });

  test('a read of an undeclared parameter is warned about at the read', async () => {
    const tpl = disk(TEMPLATE)
      .replace('$func:orderId', '$func:orderID')
      .replace("'func', 'currency'", "'func', 'curency'")
      .replace('functionParams.note', 'functionParams.notes');
    const ds = await show(TEMPLATE, tpl);
    const covered = ds.map((d) => {
      assert.equal(d.code, 'CONDUIT_TEMPLATE_PARAMETER_UNKNOWN');
      assert.equal(d.severity, 2);
      return tpl.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    });
    assert.deepEqual(covered, ['$func:orderID', 'curency', 'params.functionParams.notes']);
    assert.match(String(ds[0].message), /template 'LogOrder' declares no parameter 'orderID'/);
    assert.deepEqual(await show(TEMPLATE, disk(TEMPLATE)), []);
  });
});
