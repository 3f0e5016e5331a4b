// Sequence template parameters and missing artifacts in the editor, over stdio against the built
// server (dist/server.js, built by `npm test` before the tests): a call's target and with-param names
// completed, hovered and followed to the template's <parameter>; inside the template, $func: and
// params.functionParams. names completed and hovered, and a read of a parameter the template does not
// declare warned about; an unresolved reference fixed by creating the artifact the wizards would write;
// variables set in a named sequence counted as set after the call to it.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  type CodeAction,
  type Command,
  type CompletionItem,
  type CompletionList,
  type CreateFile,
  type Diagnostic,
  type MarkupContent,
  type Position,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { buildEndpoint, NEW_ENDPOINT } from '../../src/model/builders/endpoint';
import { buildMessageStore } from '../../src/model/builders/message-store';
import { buildSequence } from '../../src/model/builders/sequence';
import { artifactText } from '../../src/model/builders/synapse-element';
import { buildTemplate } from '../../src/model/builders/template';
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

describe('quick fix: create the artifact an unresolved reference names', { timeout: 30_000 }, () => {
  const calls = `<call-template target="LogOrder">
                <with-param name="orderId" value="{$ctx:uri.var.id}"/>
                <with-param name="currency" value="USD"/>
            </call-template>
            <sequence key="Audit"/>
            <store messageStore="Parked"/>
            <call><endpoint key="Billing"/></call>
            <call-template target="Notify"><with-param name="orderId" value="1"/><with-param name="channel" value="mail"/></call-template>`;
  const missing = (root: string) => {
    const api = join(root, 'src', 'main', 'wso2mi', 'artifacts', 'apis', 'OrderAPI.xml');
    const text = disk(API).replace(/<call-template[\s\S]*<\/call-template>/, calls);
    return { api, text };
  };
  const actionsFor = async (client: LspClient, path: string, ds: Diagnostic[]) =>
    Promise.all(
      ds.map(async (d) => (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(path) }, range: d.range, context: { diagnostics: [d] } })) ?? []),
    );
  const isAction = (a: Command | CodeAction): a is CodeAction => 'edit' in a;

  let root: string;
  let client: LspClient;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'conduit-create-'));
    cpSync(PROJECT, root, { recursive: true });
    client = LspClient.spawn(SERVER);
    await client.initialize(root);
  });
  after(async () => {
    await client?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('each kind is created by its builder in its folder, and the reference then resolves', async () => {
    const { api, text } = missing(root);
    const next = client.nextDiagnostics(api);
    await client.open(api, text);
    const ds = (await next).filter((d) => d.code === 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.equal(ds.length, 4, JSON.stringify(ds));
    const actions = (await actionsFor(client, api, ds)).flat().filter(isAction);
    const folder = join(root, 'src', 'main', 'wso2mi', 'artifacts');
    const expected: Array<[string, string, string]> = [
      ["Create sequence 'Audit'", join(folder, 'sequences', 'Audit.xml'), artifactText(buildSequence({ name: 'Audit', expressionStyle: 'classic' }))],
      ["Create message store 'Parked'", join(folder, 'message-stores', 'Parked.xml'), artifactText(buildMessageStore({ name: 'Parked', type: 'in-memory' }))],
      ["Create endpoint 'Billing'", join(folder, 'endpoints', 'Billing.xml'), artifactText(buildEndpoint({ name: 'Billing', ...NEW_ENDPOINT }))],
      [
        "Create template 'Notify'",
        join(folder, 'templates', 'Notify.xml'),
        artifactText(buildTemplate({ name: 'Notify', type: 'sequence', values: { parameters: 'orderId, channel' }, expressionStyle: 'classic' })),
      ],
    ];
    assert.deepEqual(
      actions.map((a) => a.title),
      expected.map(([title]) => title),
    );
    const changes: Array<{ type: FileChangeType; uri: string }> = [];
    for (const [i, a] of actions.entries()) {
      const [create, insert] = a.edit!.documentChanges as [CreateFile, TextDocumentEdit];
      assert.deepEqual(create, { kind: 'create', uri: uriOf(expected[i][1]), options: { overwrite: false, ignoreIfExists: false } });
      assert.equal(insert.textDocument.uri, create.uri);
      const [edit] = insert.edits as Array<{ newText: string }>;
      assert.equal(edit.newText, expected[i][2]);
      // Apply it as an editor would, and tell the server the file appeared.
      const path = fileURLToPath(create.uri);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, edit.newText);
      changes.push({ type: FileChangeType.Created, uri: create.uri });
    }
    assert.match(expected[3][2], /<parameter name="orderId" isMandatory="false"\/>\s*<parameter name="channel" isMandatory="false"\/>/);
    const clean = client.nextDiagnostics(api);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    for (let ds = await clean; ds.length > 0; ds = await client.nextDiagnostics(api)) {
      assert.ok(ds.every((d) => d.code === 'CONDUIT_REFERENCE_UNRESOLVED'), JSON.stringify(ds));
    }
    // A file of that name holding another artifact is never overwritten: nothing is offered.
    writeFileSync(join(folder, 'sequences', 'Ghost.xml'), artifactText(buildSequence({ name: 'Spectre' })));
    const again = client.nextDiagnostics(api);
    await client.change(api, text.replace('key="Audit"', 'key="Ghost"'));
    const [d] = (await again).filter((x) => x.code === 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.match(String(d.message), /Ghost/);
    assert.deepEqual(await actionsFor(client, api, [d]), [[]]);
  });
});

describe('quick fix: no artifact created for a client that cannot create files', { timeout: 30_000 }, () => {
  let client: LspClient;
  before(async () => {
    client = LspClient.spawn(SERVER);
    await client.initialize(PROJECT, { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } });
  });
  after(() => client?.close());

  test('the unresolved reference gets no Create action', async () => {
    const text = disk(API).replace('<respond/>', '<sequence key="Audit"/><respond/>');
    const next = client.nextDiagnostics(API);
    await client.open(API, text);
    const [d] = (await next).filter((x) => x.code === 'CONDUIT_REFERENCE_UNRESOLVED');
    assert.ok(d);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(API) }, range: d.range, context: { diagnostics: [d] } });
    assert.deepEqual(actions, []);
  });
});

describe('variables set in a called sequence', { timeout: 30_000 }, () => {
  const SEQUENCE = join(ARTIFACTS, 'sequences', 'SetOrder.xml');
  // Without the call-template: a template called earlier may set any variable.
  const text = disk(API).replace(
    /<call-template[\s\S]*<\/call-template>/,
    '<sequence key="SetOrder"/>\n            <log category="INFO"><message>${vars.orderTotal} ${vars.orderTax}</message></log>',
  );
  let client: LspClient;
  before(async () => {
    client = LspClient.spawn(SERVER);
    await client.initialize(PROJECT);
  });
  after(() => client?.close());

  test('count as set after the call: warned, completed and hovered accordingly', async () => {
    const next = client.nextDiagnostics(API);
    await client.open(API, text);
    const ds = await next;
    assert.deepEqual(
      ds.map((d) => [d.code, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character)]),
      [['CONDUIT_VARIABLE_UNDEFINED', 'vars.orderTax']],
    );
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(API) }, position: positionOf(text, 'vars.orderTotal', 7) });
    assert.equal((hover?.contents as MarkupContent).value, '**variable** `orderTotal` — set in sequence `SetOrder`, called at line 5');
    const typing = text.replace('${vars.orderTax}', '${vars.}');
    const changed = client.nextDiagnostics(API);
    await client.change(API, typing);
    await changed;
    const items = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(API) }, position: positionOf(typing, '${vars.}', '${vars.'.length) });
    assert.deepEqual(itemsOf(items).map((i) => i.label), ['orderTotal']);
  });

  test('an edit of the sequence checks its callers again', async () => {
    const again = client.nextDiagnostics(API);
    await client.change(API, text);
    await again;
    const callers = client.nextDiagnostics(API);
    await client.open(SEQUENCE, disk(SEQUENCE).replace('name="orderTotal"', 'name="orderTax"'));
    const ds = await callers;
    assert.deepEqual(
      ds.map((d) => text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character)),
      ['vars.orderTotal'],
    );
  });
});
