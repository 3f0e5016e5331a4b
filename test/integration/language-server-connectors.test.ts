// The language server on a project using the MI 4.4 HTTP connector (test/fixtures/mi44-http-connector):
// no problem on what MI accepts (response variables count as set), go to definition of configKey,
// completion of operations, their parameters, parameter values and connections, and hover.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CompletionRequest, DefinitionRequest, HoverRequest, type CompletionItem, type CompletionList, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../src/model/xml';
import { LspClient, uriOf } from '../helpers/lsp-client';

const ROOT = join(__dirname, '..', 'fixtures', 'mi44-http-connector');
const ARTIFACTS = join(ROOT, 'src', 'main', 'wso2mi', 'artifacts');
const api = join(ARTIFACTS, 'apis', 'BooksAPI.xml');
const apiText = readFileSync(api, 'utf8');

function positionOf(text: string, needle: string, delta = 0): Position {
  assert.ok(text.includes(needle), `'${needle}' not in the text`);
  const p = new LineIndex(text).position(text.indexOf(needle) + delta);
  return { line: p.line, character: p.column };
}

const labels = (r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => String(i.label));

describe('language server on an HTTP connector project', { timeout: 30_000 }, () => {
  const client = LspClient.inProcess();
  before(() => client.initialize(ROOT));
  after(() => client.close());

  const completeAt = async (text: string, needle: string, delta: number) => {
    await client.change(api, text);
    return labels(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(text, needle, delta) }));
  };
  const hoverAt = async (needle: string, delta: number) => {
    await client.change(api, apiText);
    return ((await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(apiText, needle, delta) }))?.contents as MarkupContent | undefined)?.value;
  };

  test('no problem on the project: operations, connections and the variables they set are known', () => {
    assert.equal(client.diagnostics.size, 3);
    for (const [uri, ds] of client.diagnostics) assert.deepEqual(ds, [], uri);
  });

  test('go to definition of configKey opens the connection\'s local entry', async () => {
    await client.open(api, apiText);
    const loc = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(apiText, 'configKey="ArchiveConn"', 'configKey="'.length + 2) });
    assert.ok(loc && !Array.isArray(loc));
    assert.equal(loc.uri, uriOf(join(ARTIFACTS, 'local-entries', 'ArchiveConn.xml')));
  });

  test('completion: operations among mediators, parameters inside one, values and connections', async () => {
    const withTag = apiText.replace('<respond/>', '<respond/>\n            <');
    const mediators = await completeAt(withTag, '<respond/>\n            <', '<respond/>\n            <'.length);
    for (const op of ['http.get', 'http.post', 'http.put', 'http.delete', 'http.patch', 'http.head', 'http.options']) assert.ok(mediators.includes(op), op);
    assert.ok(mediators.includes('log'));
    const inOperation = apiText.replace('<headers>[]</headers>', '<headers>[]</headers><');
    const params = await completeAt(inOperation, '<headers>[]</headers><', '<headers>[]</headers><'.length);
    assert.ok(['relativePath', 'requestBodyType', 'requestBodyJson', 'responseVariable', 'overwriteBody'].every((p) => params.includes(p)), params.join());
    assert.ok(!params.includes('log'));
    const types = await completeAt(apiText.replace('<requestBodyType>JSON<', '<requestBodyType><'), '<requestBodyType><', '<requestBodyType>'.length);
    assert.deepEqual(types, ['JSON', 'XML', 'TEXT']);
    const connections = await completeAt(apiText.replace('configKey="ArchiveConn"', 'configKey=""'), 'configKey=""', 'configKey="'.length);
    assert.deepEqual(connections.sort(), ['ArchiveConn', 'LibraryConn']);
  });

  test('hover on an operation and on a parameter', async () => {
    assert.match((await hoverAt('http.post', 2)) ?? '', /HTTP connector[\s\S]*HTTP POST/);
    assert.match((await hoverAt('<overwriteBody>', 3)) ?? '', /\*\*overwriteBody\*\* \(boolean\)[\s\S]*Default: `false`/);
  });
});
