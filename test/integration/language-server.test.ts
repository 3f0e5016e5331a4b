// The language server driven in process over LSP: diagnostics with codes and ranges on the fixture
// projects and none on the tutorials, re-validation of dependents after an edit, completion, hover,
// definition, references, symbols and code actions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  ReferencesRequest,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../src/model/xml';
import { LspClient, uriOf } from '../helpers/lsp-client';
import { referenceProject } from '../helpers/reference';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lsp');
const BROKEN = join(FIXTURES, 'broken');
const CLEAN = join(FIXTURES, 'clean');
const artifactsOf = (root: string) => join(root, 'src', 'main', 'wso2mi', 'artifacts');

/** The LSP range of the `nth` occurrence of `needle` in a file. */
function rangeOf(text: string, needle: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not in the text`);
  const lines = new LineIndex(text);
  const s = lines.position(at);
  const e = lines.position(at + needle.length);
  return { start: { line: s.line, character: s.column }, end: { line: e.line, character: e.column } };
}

function positionOf(text: string, needle: string, delta = 0): Position {
  const p = new LineIndex(text).position(text.indexOf(needle) + delta);
  assert.ok(text.includes(needle), `'${needle}' not in the text`);
  return { line: p.line, character: p.column };
}

const labels = (r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);

describe('diagnostics on the broken fixture', { timeout: 30_000 }, () => {
  const client = LspClient.inProcess();
  before(() => client.initialize(BROKEN));
  after(() => client.close());

  // file (under artifacts/), code, the text its range covers (and which occurrence)
  const expected: Array<[string, string, string, number?]> = [
    ['apis/BrokenAPI.xml', 'CONDUIT_SCHEMA_UNKNOWN_ELEMENT', 'lgo'],
    ['apis/BrokenAPI.xml', 'CONDUIT_SCHEMA_UNKNOWN_ATTRIBUTE', 'levle="full"'],
    ['apis/BrokenAPI.xml', 'CONDUIT_SCHEMA_INVALID_VALUE', 'loud'],
    ['apis/BrokenAPI.xml', 'CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'switch'],
    ['apis/BrokenAPI.xml', 'CONDUIT_SCHEMA_MISSING_ELEMENT', 'payloadFactory', 2],
    ['apis/BrokenAPI.xml', 'CONDUIT_REGEX_INVALID', '(open'],
    ['apis/BrokenAPI.xml', 'CONDUIT_XPATH_INVALID', '//a['],
    ['apis/BrokenAPI.xml', 'CONDUIT_JSONPATH_INVALID', '[', 1],
    ['apis/BrokenAPI.xml', 'CONDUIT_URI_TEMPLATE_INVALID', '{}'],
    ['apis/BrokenAPI.xml', 'CONDUIT_REFERENCE_UNRESOLVED', 'NoSuchEP'],
    ['apis/BrokenAPI.xml', 'CONDUIT_REFERENCE_UNRESOLVED', 'MissingStore'],
    ['apis/BrokenAPI.xml', 'CONDUIT_REGISTRY_NOT_FOUND', 'gov:missing/map.dmc'],
    ['apis/BrokenAPI.xml', 'CONDUIT_PAYLOAD_ARGS_MISMATCH', '$2'],
    ['apis/BrokenAPI.xml', 'CONDUIT_MEDIATOR_UNREACHABLE', '<log description="after respond"/>'],
    ['endpoints/BadEP.xml', 'CONDUIT_URI_TEMPLATE_INVALID', '{open'],
    ['sequences/LoopA.xml', 'CONDUIT_SEQUENCE_CYCLE', 'LoopB'],
    ['sequences/LoopB.xml', 'CONDUIT_SEQUENCE_CYCLE', 'LoopA'],
    ['sequences/Dup.xml', 'CONDUIT_ARTIFACT_DUPLICATE', 'Dup'],
    ['sequences/DupCopy.xml', 'CONDUIT_ARTIFACT_DUPLICATE', 'Dup'],
    ['sequences/DupCopy.xml', 'CONDUIT_FILE_NAME_MISMATCH', 'Dup'],
    ['sequences/Malformed.xml', 'CONDUIT_XML_MALFORMED', '/'],
    ['sequences/NoNamespace.xml', 'CONDUIT_XML_NAMESPACE', 'sequence'],
    ['message-stores/CustomStore.xml', 'CONDUIT_CLASS_UNKNOWN', 'com.example.CustomStore'],
    ['message-stores/CustomStore.xml', 'CONDUIT_STORE_UNSUPPORTED', 'com.example.CustomStore'],
    ['message-processors/BadProcessor.xml', 'CONDUIT_REFERENCE_UNRESOLVED', 'CustomStore'],
    ['message-processors/BadProcessor.xml', 'CONDUIT_PARAMETER_MISSING', 'messageProcessor'],
    ['message-processors/BadProcessor.xml', 'CONDUIT_PARAMETER_INVALID', 'fast'],
    ['message-processors/BadProcessor.xml', 'CONDUIT_PARAMETER_UNKNOWN', 'intervall'],
  ];

  for (const [file, code, needle, nth] of expected) {
    test(`${code} in ${file} at '${needle}'`, () => {
      const path = join(artifactsOf(BROKEN), file);
      const text = readFileSync(path, 'utf8');
      const want = rangeOf(text, needle, nth ?? 0);
      const hits = client.diagnosticsOf(path).filter((d) => d.code === code);
      assert.ok(hits.length > 0, `${code} not published for ${file}: ${JSON.stringify(client.diagnosticsOf(path).map((d) => d.code))}`);
      if (code !== 'CONDUIT_XML_MALFORMED') assert.ok(hits.some((d) => JSON.stringify(d.range) === JSON.stringify(want)), `${code} range ${JSON.stringify(hits.map((d) => d.range))} ≠ ${JSON.stringify(want)}`);
      assert.equal(hits[0].source, 'conduit');
    });
  }

  test('every diagnostic published is one the test expects', () => {
    const published = [...client.diagnostics.entries()].flatMap(([uri, ds]) => ds.map((d: Diagnostic) => `${uri.slice(uri.indexOf('/artifacts/') + 11)} ${d.code}`));
    const wanted = new Set(expected.map(([f, c]) => `${f} ${c}`));
    for (const p of published) assert.ok(wanted.has(p), `unexpected diagnostic ${p}`);
  });

  test('code action: create the missing endpoint in the endpoints folder', async () => {
    const path = join(artifactsOf(BROKEN), 'apis', 'BrokenAPI.xml');
    const d = client.diagnosticsOf(path).find((x) => x.code === 'CONDUIT_REFERENCE_UNRESOLVED' && String(x.message).includes('NoSuchEP'))!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(path) }, range: d.range, context: { diagnostics: [d] } });
    const create = actions?.find((a) => 'title' in a && a.title === "Create endpoint 'NoSuchEP'");
    assert.ok(create && 'edit' in create && create.edit?.documentChanges, JSON.stringify(actions));
    const [op, edit] = create.edit!.documentChanges! as [{ kind: string; uri: string }, { edits: Array<{ newText: string }> }];
    assert.equal(op.kind, 'create');
    assert.equal(op.uri, uriOf(join(artifactsOf(BROKEN), 'endpoints', 'NoSuchEP.xml')));
    assert.match(edit.edits[0].newText, /<endpoint name="NoSuchEP" xmlns="http:\/\/ws.apache.org\/ns\/synapse">/);
  });

  test('code action: add the missing required parameter', async () => {
    const path = join(artifactsOf(BROKEN), 'message-processors', 'BadProcessor.xml');
    const d = client.diagnosticsOf(path).find((x) => x.code === 'CONDUIT_PARAMETER_MISSING')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(path) }, range: d.range, context: { diagnostics: [d] } });
    const add = actions?.find((a) => 'title' in a && a.title === "Add required parameter 'sequence'");
    assert.ok(add && 'edit' in add, JSON.stringify(actions));
    const edits = add.edit!.changes![uriOf(path)];
    assert.equal(edits[0].newText, '    <parameter name="sequence"></parameter>\n');
    assert.deepEqual(edits[0].range.start, { line: 4, character: 0 });
  });

  test('code action: set the Synapse namespace', async () => {
    const path = join(artifactsOf(BROKEN), 'sequences', 'NoNamespace.xml');
    const d = client.diagnosticsOf(path).find((x) => x.code === 'CONDUIT_XML_NAMESPACE')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(path) }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions?.find((a) => 'title' in a && a.title === 'Set the Synapse namespace');
    assert.ok(fix && 'edit' in fix);
    assert.deepEqual(fix.edit!.changes![uriOf(path)][0], { range: { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } }, newText: ' xmlns="http://ws.apache.org/ns/synapse"' });
  });
});

describe('the clean fixture', { timeout: 30_000 }, () => {
  const client = LspClient.inProcess();
  const api = join(artifactsOf(CLEAN), 'apis', 'OrderAPI.xml');
  const apiText = readFileSync(api, 'utf8');
  const processor = join(artifactsOf(CLEAN), 'message-processors', 'OrderProcessor.xml');
  const processorText = readFileSync(processor, 'utf8');
  before(async () => {
    const loaded = await client.initialize(CLEAN);
    assert.equal(loaded.artifacts, 7);
  });
  after(() => client.close());

  test('publishes empty diagnostics for every artifact', () => {
    assert.equal(client.diagnostics.size, 7);
    for (const [uri, ds] of client.diagnostics) assert.deepEqual(ds, [], uri);
  });

  test('go to definition of an endpoint key', async () => {
    const loc = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(apiText, 'InventoryEP', 3) });
    assert.ok(loc && !Array.isArray(loc));
    assert.equal(loc.uri, uriOf(join(artifactsOf(CLEAN), 'endpoints', 'InventoryEP.xml')));
    assert.deepEqual(loc.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 27 } });
  });

  test('find references of a store from its definition', async () => {
    const store = join(artifactsOf(CLEAN), 'message-stores', 'OrderStore.xml');
    const text = readFileSync(store, 'utf8');
    const refs = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(store) }, position: positionOf(text, 'OrderStore', 2), context: { includeDeclaration: false } });
    assert.deepEqual(refs?.map((r) => r.uri).sort(), [uriOf(api), uriOf(processor)]);
  });

  test('hover on an element, an attribute and a processor parameter', async () => {
    const onLog = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(apiText, '<log', 2) });
    assert.match((onLog?.contents as MarkupContent).value, /Logs the message/);
    const onLevel = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(apiText, 'level="custom"', 1) });
    assert.match((onLevel?.contents as MarkupContent).value, /simple \| headers \| full \| custom/);
    const onParam = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(processor) }, position: positionOf(processorText, 'interval', 1) });
    assert.match((onParam?.contents as MarkupContent).value, /Default: `1000`/);
  });

  test('document symbols', async () => {
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(api) } });
    assert.ok(symbols && 'children' in symbols[0]);
    assert.equal(symbols[0].name, 'OrderAPI');
    assert.deepEqual(symbols[0].children?.map((c) => c.name), ['POST /{id}']);
  });

  test('completion: mediators, attributes, enum values, keys, classes and parameters', async () => {
    const at = async (path: string, text: string, needle: string, delta: number) => {
      await client.open(path, text);
      return labels(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(path) }, position: positionOf(text, needle, delta) }));
    };
    const withTag = apiText.replace('<respond/>', '<respond/>\n            <');
    const mediators = await at(api, withTag, '<respond/>\n            <', '<respond/>\n            <'.length);
    assert.ok(mediators.includes('payloadFactory') && mediators.includes('store') && !mediators.includes('resource'), mediators.join());
    const attrs = await at(api, apiText.replace('<log level="custom">', '<log level="custom" >'), 'level="custom" ', 'level="custom" '.length);
    assert.deepEqual(attrs.sort(), ['category', 'description', 'logFullPayload', 'logMessageID', 'separator']);
    const levels = await at(api, apiText.replace('level="custom"', 'level=""'), 'level=""', 'level="'.length);
    assert.deepEqual(levels, ['simple', 'headers', 'full', 'custom']);
    const endpoints = await at(api, apiText.replace('key="InventoryEP"', 'key=""'), 'key=""', 'key="'.length);
    assert.deepEqual(endpoints.sort(), ['InventoryEP', 'ShippingEP']);
    const stores = await at(api, apiText.replace('messageStore="OrderStore"', 'messageStore=""'), 'messageStore=""', 'messageStore="'.length);
    assert.deepEqual(stores, ['OrderStore']);
    const classes = await at(processor, processorText.replace(/class="[^"]*"/, 'class=""'), 'class=""', 'class="'.length);
    assert.ok(classes.includes('org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor'));
    const params = await at(processor, processorText.replace('<parameter name="interval">', '<parameter name="">'), 'name="">', 'name="'.length);
    assert.ok(params.includes('concurrency') && params.includes('cronExpression'), params.join());
    const seqs = await at(processor, processorText.replace('>Ship<', '><'), '"sequence"><', '"sequence">'.length);
    assert.deepEqual(seqs.sort(), ['Enrich', 'Ship']);
    const paramTags = await at(processor, processorText.replace('</messageProcessor>', '<\n</messageProcessor>'), '<\n</messageProcessor>', 1);
    assert.ok(paramTags.includes('parameter concurrency'), paramTags.join());
    const restored = Promise.all([client.nextDiagnostics(api), client.nextDiagnostics(processor)]);
    await client.change(api, apiText);
    await client.change(processor, processorText);
    assert.deepEqual(await restored, [[], []]);
  });

  test('an edit re-validates the files that reference the changed artifact', async () => {
    const ep = join(artifactsOf(CLEAN), 'endpoints', 'InventoryEP.xml');
    const text = readFileSync(ep, 'utf8');
    const apiDiagnostics = client.nextDiagnostics(api);
    await client.open(ep, text);
    await client.change(ep, text.replace('name="InventoryEP"', 'name="StockEP"'));
    const ds = await apiDiagnostics;
    assert.deepEqual(ds.map((d) => d.code), ['CONDUIT_REFERENCE_UNRESOLVED']);
    assert.deepEqual(ds[0].range, rangeOf(apiText, 'InventoryEP'));
    const fixed = client.nextDiagnostics(api);
    await client.change(ep, text);
    assert.deepEqual(await fixed, []);
  });
});

describe('MI 4.4 ${...} expressions', { timeout: 30_000 }, () => {
  const client = LspClient.inProcess();
  const api = join(artifactsOf(CLEAN), 'apis', 'OrderAPI.xml');
  const mi44 = `<api context="/orders" name="OrderAPI" xmlns="http://ws.apache.org/ns/synapse">
  <resource methods="POST" uri-template="/{id}/lines/{line}">
    <inSequence>
      <variable name="orderId" type="STRING" expression="\${params.pathParams.id}"/>
      <log category="INFO"><message>Order \${vars.orderId} for \${toUpper(payload.customer.name}</message></log>
      <payloadFactory media-type="json" template-type="default">
        <format>{"id":"\${vars.orderId}","total":\${vars.total}}</format>
      </payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>`;
  before(() => client.initialize(CLEAN));
  after(() => client.close());

  const diagnostics = async (text: string) => {
    const next = client.nextDiagnostics(api);
    await client.change(api, text);
    return next;
  };
  const completeAt = async (text: string, needle: string, delta: number) => {
    await client.change(api, text);
    return (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(text, needle, delta) })) as CompletionItem[];
  };
  const hoverAt = async (needle: string, delta: number) =>
    ((await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(api) }, position: positionOf(mi44, needle, delta) }))?.contents as MarkupContent | undefined)?.value;

  test('a malformed template expression and an undefined variable, at their exact ranges', async () => {
    await client.open(api, readFileSync(api, 'utf8'));
    const ds = await diagnostics(mi44);
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity]),
      [
        ['CONDUIT_EXPRESSION_INVALID', 1],
        ['CONDUIT_VARIABLE_UNDEFINED', 2],
      ],
    );
    const end = positionOf(mi44, 'payload.customer.name}', 'payload.customer.name'.length);
    assert.deepEqual(ds[0].range, { start: end, end });
    assert.deepEqual(ds[1].range, rangeOf(mi44, 'vars.total'));
  });

  test('completion: top-level names and functions, variables after vars., URI template variables after params.pathParams.', async () => {
    const top = await completeAt(mi44.replace('${vars.orderId}","total"', '${}","total"'), '${}","total"', 2);
    for (const l of ['payload', 'vars.', 'headers.', 'params.queryParams.', 'params.pathParams.', 'props.synapse.', 'configs.', 'toUpper']) assert.ok(top.some((i) => i.label === l), l);
    const toUpper = top.find((i) => i.label === 'toUpper')!;
    assert.equal(toUpper.detail, 'toUpper(text)');
    assert.match((toUpper.documentation as MarkupContent).value, /upper case/);
    const vars = await completeAt(mi44.replace('${vars.total}', '${vars.}'), '${vars.}', '${vars.'.length);
    assert.deepEqual(labels(vars), ['orderId']);
    const inAttr = await completeAt(mi44.replace('${params.pathParams.id}', '${params.pathParams.}'), '${params.pathParams.}', '${params.pathParams.'.length);
    assert.deepEqual(labels(inAttr), ['id', 'line']);
    // The variable's own expression runs before it is set.
    const own = await completeAt(mi44.replace('${params.pathParams.id}', '${vars.}'), '${vars.}', '${vars.'.length);
    assert.deepEqual(labels(own), []);
    assert.deepEqual(labels(await completeAt(mi44, 'payload.customer.', 'payload.customer.'.length)), []);
  });

  test('hover: a function shows its signature and doc, a variable where it was set', async () => {
    // Hover reads the parsed artifact, which is current once its diagnostics are published.
    await diagnostics(readFileSync(api, 'utf8'));
    await diagnostics(mi44);
    assert.match((await hoverAt('toUpper', 2)) ?? '', /`toUpper\(text\)`[\s\S]*upper case/);
    assert.match((await hoverAt('vars.orderId', 6)) ?? '', /orderId.*set by `<variable>` at line 4/);
    assert.match((await hoverAt('vars.total', 6)) ?? '', /not set earlier/);
  });
});

describe('no diagnostics on the tutorial projects', { timeout: 60_000 }, () => {
  for (const n of [1, 2, 3, 4, 5] as const) {
    test(`tutorial ${n}`, async (t) => {
      const dir = referenceProject(t, n);
      if (!dir) return;
      const client = LspClient.inProcess();
      try {
        const loaded = await client.initialize(dir);
        assert.ok(loaded.artifacts > 0);
        assert.equal(client.diagnostics.size, loaded.artifacts);
        for (const [uri, ds] of client.diagnostics) assert.deepEqual(ds, [], uri);
      } finally {
        await client.close();
      }
    });
  }
});
