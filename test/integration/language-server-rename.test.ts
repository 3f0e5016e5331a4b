// Rename over stdio against the built server (dist/server.js, built by `npm test` before the tests):
// one artifact renamed from its definition or from any reference, every file of the project edited,
// the file renamed when the client can apply that, and names that cannot or may not be used refused.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type ClientCapabilities,
  type Position,
  type RenameFile,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../src/model/xml';
import { LspClient, uriOf } from '../helpers/lsp-client';

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const PROJECT = join(ROOT, 'test', 'fixtures', 'lsp', 'rename');
const ARTIFACTS = join(PROJECT, 'src', 'main', 'wso2mi', 'artifacts');
const file = (...parts: string[]) => join(ARTIFACTS, ...parts);
const AUDIT = file('sequences', 'Audit.xml');
const SHIP = file('sequences', 'Ship.xml');
const API = file('apis', 'OrderAPI.xml');
const ORDERS = file('message-stores', 'Orders.xml');
const PROCESSOR = file('message-processors', 'OrderProcessor.xml');
const SHIPPING_EP = file('endpoints', 'shipping.xml');
const disk = (path: string) => readFileSync(path, 'utf8');

const RENAME_FILES: ClientCapabilities = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } } };
const TEXT_EDITS_ONLY: ClientCapabilities = {};

/** The position `delta` characters into the `nth` occurrence of `needle`. */
function positionOf(text: string, needle: string, delta = 1, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not in the text`);
  const p = new LineIndex(text).position(at + delta);
  return { line: p.line, character: p.column };
}

function spawned(capabilities?: ClientCapabilities) {
  const box: { client?: LspClient } = {};
  before(async () => {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run node scripts/build.mjs`);
    box.client = LspClient.spawn(SERVER);
    await box.client.initialize(PROJECT, capabilities);
  });
  after(() => box.client?.close());
  return () => box.client!;
}

const renameAt = (client: LspClient, path: string, position: Position, newName: string) =>
  client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(path) }, position, newName });

const prepareAt = (client: LspClient, path: string, position: Position) =>
  client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(path) }, position });

/** The request's error message (the test fails when the request succeeds). */
async function refusal(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (err) {
    assert.ok(err instanceof ResponseError, String(err));
    return err.message;
  }
  assert.fail('the request was not refused');
}

const textEdits = (edit: WorkspaceEdit | null) => (edit?.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c);
const fileOps = (edit: WorkspaceEdit | null) => (edit?.documentChanges ?? []).filter((c): c is RenameFile => 'kind' in c);

/** Applies each file's edits to its text; files the edit does not touch are left out. */
function applied(edits: Array<[string, TextEdit[]]>, textOf: (path: string) => string = disk): Map<string, string> {
  const out = new Map<string, string>();
  for (const [uri, list] of edits) {
    const path = [AUDIT, SHIP, API, ORDERS, PROCESSOR, SHIPPING_EP].find((p) => uriOf(p) === uri);
    assert.ok(path, `unexpected file ${uri}`);
    out.set(path, TextDocument.applyEdits(TextDocument.create(uri, 'xml', 0, textOf(path)), list));
  }
  return out;
}

const documentEdits = (edit: WorkspaceEdit | null) => textEdits(edit).map((e): [string, TextEdit[]] => [e.textDocument.uri, e.edits as TextEdit[]]);

describe('rename with file operations', { timeout: 30_000 }, () => {
  const client = spawned(RENAME_FILES);

  test('prepareRename gives the name without its quotes, on the definition and on a reference', async () => {
    const onName = await prepareAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'));
    assert.deepEqual(onName, { start: { line: 1, character: 16 }, end: { line: 1, character: 21 } });
    const onKey = await prepareAt(client(), SHIP, positionOf(disk(SHIP), '"Audit"/>', 3));
    assert.deepEqual(onKey, { start: { line: 2, character: 19 }, end: { line: 2, character: 24 } });
  });

  test('a sequence renamed from its definition: every reference in every file, then the file', async () => {
    const edit = await renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit', 2), 'AuditTrail');
    const after = applied(documentEdits(edit));
    assert.deepEqual([...after.keys()].sort(), [API, AUDIT, PROCESSOR, SHIP].sort());
    assert.equal(after.get(AUDIT), disk(AUDIT).replace('name="Audit"', 'name="AuditTrail"'));
    assert.equal(after.get(SHIP), disk(SHIP).replace('onError="Audit"', 'onError="AuditTrail"').replace('key="Audit"', 'key="AuditTrail"'));
    // The registry key and the dynamic key stay as they are.
    assert.equal(after.get(API), disk(API).replaceAll('<sequence key="Audit"/>', '<sequence key="AuditTrail"/>'));
    assert.match(after.get(API)!, /key="gov:sequences\/Audit.xml"/);
    assert.equal(after.get(PROCESSOR), disk(PROCESSOR).replace('>Audit<', '>AuditTrail<'));
    assert.ok(textEdits(edit).every((e) => e.textDocument.version === null));
    // The rename of the file comes last: the text edits address it by its old name.
    assert.deepEqual(edit?.documentChanges?.at(-1), { kind: 'rename', oldUri: uriOf(AUDIT), newUri: uriOf(file('sequences', 'AuditTrail.xml')) });
    assert.equal(fileOps(edit).length, 1);
  });

  test('rename and find-references agree on the places', async () => {
    const edit = await renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'AuditTrail');
    const refs = await client().connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uriOf(AUDIT) },
      position: positionOf(disk(AUDIT), 'Audit'),
      context: { includeDeclaration: true },
    });
    const places = (list: Array<{ uri: string; range: unknown }>) => list.map((l) => JSON.stringify([l.uri, l.range])).sort();
    assert.deepEqual(places(textEdits(edit).flatMap((e) => e.edits.map((x) => ({ uri: e.textDocument.uri, range: x.range })))), places(refs ?? []));
  });

  test('a sequence renamed from a <sequence key> in an unsaved editor: its text and version are used', async () => {
    const unsaved = disk(API).replace('<respond/>', '<sequence key="Audit"/>\n            <respond/>');
    await client().open(API, disk(API));
    await client().change(API, unsaved);
    const edit = await renameAt(client(), API, positionOf(unsaved, 'key="Audit"', 6), 'Audited');
    const after = applied(documentEdits(edit), (p) => (p === API ? unsaved : disk(p)));
    assert.equal(after.get(API), unsaved.replaceAll('<sequence key="Audit"/>', '<sequence key="Audited"/>'));
    assert.equal(after.get(AUDIT), disk(AUDIT).replace('name="Audit"', 'name="Audited"'));
    assert.deepEqual([...after.keys()].sort(), [API, AUDIT, PROCESSOR, SHIP].sort());
    assert.deepEqual(
      textEdits(edit).map((e) => [e.textDocument.uri, e.textDocument.version]).sort(),
      [[uriOf(API), 2], [uriOf(AUDIT), null], [uriOf(PROCESSOR), null], [uriOf(SHIP), null]].sort(),
    );
    assert.deepEqual(fileOps(edit), [{ kind: 'rename', oldUri: uriOf(AUDIT), newUri: uriOf(file('sequences', 'Audited.xml')) }]);
    await client().change(API, disk(API));
  });

  test('a message store renamed from a processor: the store mediator, the processor and the file', async () => {
    const edit = await renameAt(client(), PROCESSOR, positionOf(disk(PROCESSOR), 'messageStore="Orders"', 'messageStore="'.length), 'OrderQueue');
    const after = applied(documentEdits(edit));
    assert.deepEqual([...after.keys()].sort(), [API, ORDERS, PROCESSOR].sort());
    assert.equal(after.get(ORDERS), disk(ORDERS).replace('name="Orders"', 'name="OrderQueue"'));
    assert.equal(after.get(API), disk(API).replace('messageStore="Orders"', 'messageStore="OrderQueue"'));
    assert.equal(after.get(PROCESSOR), disk(PROCESSOR).replace('messageStore="Orders"', 'messageStore="OrderQueue"'));
    assert.deepEqual(fileOps(edit), [{ kind: 'rename', oldUri: uriOf(ORDERS), newUri: uriOf(file('message-stores', 'OrderQueue.xml')) }]);
  });

  test('a file not named after its artifact keeps its name', async () => {
    const edit = await renameAt(client(), SHIP, positionOf(disk(SHIP), 'ShippingEP'), 'CarrierEP');
    const after = applied(documentEdits(edit));
    assert.deepEqual([...after.keys()].sort(), [PROCESSOR, SHIP, SHIPPING_EP].sort());
    assert.equal(after.get(SHIPPING_EP), disk(SHIPPING_EP).replace('name="ShippingEP"', 'name="CarrierEP"'));
    assert.deepEqual(fileOps(edit), []);
  });

  test('a name taken by an artifact of the same kind, by any key of the local registry, or by a file is refused', async () => {
    const store = await refusal(renameAt(client(), ORDERS, positionOf(disk(ORDERS), 'Orders'), 'Parked'));
    assert.equal(store, "'Parked' is already the name of the message store in Parked.xml");
    // Sequences, endpoints, templates and local entries share Synapse's local registry.
    const shared = await refusal(renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'ShippingEP'));
    assert.equal(shared, "'ShippingEP' is already the name of the endpoint in shipping.xml");
    // A store may share a name with a sequence: they are looked up apart.
    assert.equal(fileOps(await renameAt(client(), ORDERS, positionOf(disk(ORDERS), 'Orders'), 'Ship')).length, 1);
    // Draft.xml holds the sequence DraftOrder: the name is free, the file name is not.
    assert.match(await refusal(renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'Draft')), /Draft\.xml already exists next to Audit\.xml/);
  });

  test('an invalid name, or the name of a sequence MI defines itself, is refused', async () => {
    for (const bad of ['9Lives', 'Audit Trail', 'a/b', '']) {
      const message = await refusal(renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'), bad));
      assert.match(message, /is not a valid sequence name/, bad);
    }
    assert.match(await refusal(renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'fault')), /defines itself and runs by name/);
    // MI's own sequences live in the local registry that endpoints share.
    assert.match(await refusal(renameAt(client(), SHIPPING_EP, positionOf(disk(SHIPPING_EP), 'ShippingEP'), 'main')), /defines itself and runs by name/);
  });

  test('prepareRename and rename refuse a position that is not on a renameable name', async () => {
    assert.match(await refusal(prepareAt(client(), AUDIT, positionOf(disk(AUDIT), '<log'))), /Place the cursor on the name of an artifact/);
    assert.match(await refusal(renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'level="full"'), 'X')), /Place the cursor on the name of an artifact/);
    assert.match(await refusal(prepareAt(client(), API, positionOf(disk(API), 'gov:sequences', 3))), /registry resource/);
    assert.match(await refusal(prepareAt(client(), API, positionOf(disk(API), "{get-property('next')}", 3))), /Place the cursor on the name of an artifact/);
  });
});

describe('rename for a client that cannot rename files', { timeout: 30_000 }, () => {
  const withoutRename = spawned();

  test('documentChanges without the file operation', async () => {
    const edit = await renameAt(withoutRename(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'AuditTrail');
    assert.deepEqual(fileOps(edit), []);
    assert.deepEqual(textEdits(edit).map((e) => e.textDocument.uri).sort(), [API, AUDIT, PROCESSOR, SHIP].map(uriOf).sort());
  });

  test('a file of the new name in the folder is no obstacle when the file stays', async () => {
    const edit = await renameAt(withoutRename(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'Draft');
    assert.deepEqual(fileOps(edit), []);
    assert.equal(applied(documentEdits(edit)).get(AUDIT), disk(AUDIT).replace('name="Audit"', 'name="Draft"'));
  });
});

describe('rename for a client without versioned document changes', { timeout: 30_000 }, () => {
  const client = spawned(TEXT_EDITS_ONLY);

  test('plain text edits per file, and no file operation', async () => {
    const edit = await renameAt(client(), AUDIT, positionOf(disk(AUDIT), 'Audit'), 'AuditTrail');
    assert.equal(edit?.documentChanges, undefined);
    const after = applied(Object.entries(edit?.changes ?? {}));
    assert.deepEqual([...after.keys()].sort(), [API, AUDIT, PROCESSOR, SHIP].sort());
    assert.equal(after.get(SHIP), disk(SHIP).replace('onError="Audit"', 'onError="AuditTrail"').replace('key="Audit"', 'key="AuditTrail"'));
  });
});
