import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readArtifact } from '../artifacts';
import type { Problem } from '../errors';
import { loadProject } from '../project';
import type { Artifact, RegistryResource } from '../types';
import { referenceProject } from '../../../test/helpers/reference';
import { ProjectIndex, validateArtifact, validateProject, validateProjectRules } from '.';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/**
 * Text with the expected problem range marked «like this»: returns the text without the marks and the
 * marked range as offsets.
 */
function marked(text: string): { text: string; start: number; end: number } {
  const start = text.indexOf('«');
  const end = text.indexOf('»') - 1;
  return { text: text.replace('«', '').replace('»', ''), start, end };
}

const SUPPORT: Record<string, string> = {
  'endpoints/EP.xml': `<endpoint name="EP" ${NS}><http method="post" uri-template="http://localhost:9090/x"/></endpoint>`,
  'sequences/Seq.xml': `<sequence name="Seq" ${NS}><log/></sequence>`,
  'message-stores/Store.xml': `<messageStore name="Store" ${NS}/>`,
};

function run(files: Record<string, string>, registry: string[] = []): Problem[] {
  const artifacts: Artifact[] = [];
  const problems: Problem[] = [];
  for (const [path, text] of Object.entries({ ...SUPPORT, ...files })) {
    const r = readArtifact(join('/p', path), text);
    problems.push(...r.problems);
    if (r.artifact) artifacts.push(r.artifact);
  }
  const reg = new Map<string, RegistryResource>(registry.map((p) => [p, { path: p, file: p, content: Buffer.from('') }]));
  const index = new ProjectIndex(artifacts, reg);
  for (const a of artifacts) problems.push(...validateArtifact(a, index));
  problems.push(...validateProjectRules(index));
  return problems;
}

/** Asserts that exactly one problem has `code`, at the marked range of the file. */
function expectOne(code: string, path: string, source: string, registry: string[] = []): Problem {
  const m = marked(source);
  const problems = run({ [path]: m.text }, registry);
  const hits = problems.filter((p) => p.code === code);
  assert.equal(hits.length, 1, `expected one ${code}, got: ${JSON.stringify(problems.map((p) => `${p.code} ${p.message}`), null, 1)}`);
  assert.equal(hits[0].file, join('/p', path));
  assert.deepEqual([hits[0].range?.start.offset, hits[0].range?.end.offset], [m.start, m.end], `range of ${code}: ${hits[0].message}`);
  return hits[0];
}

const api = (body: string, extra = '') => `<api name="A" context="/a" ${NS}${extra}><resource methods="POST" uri-template="/x"><inSequence>${body}</inSequence></resource></api>`;

test('the support artifacts are clean', () => {
  assert.deepEqual(run({}), []);
});

test('unknown mediator', () => {
  expectOne('CONDUIT_SCHEMA_UNKNOWN_ELEMENT', 'apis/A.xml', api('<«lgo»/>'));
});

test('unknown attribute, with a suggestion', () => {
  const p = expectOne('CONDUIT_SCHEMA_UNKNOWN_ATTRIBUTE', 'apis/A.xml', api('<log «levle="full"»/>'));
  assert.match(p.message, /did you mean 'level'/);
  assert.equal(p.severity, 'warning');
});

test('an empty value is a value on property, variable and payloadFactory args, as MI takes it; not on a mediator property', () => {
  const body = '<property name="a" value=""/><variable name="v" value="" type="STRING"/><payloadFactory media-type="json"><format>{"a":"$1"}</format><args><arg value=""/></args></payloadFactory>';
  assert.deepEqual(run({ 'apis/A.xml': api(body) }).map((p) => `${p.code} ${p.message}`), []);
  expectOne('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'apis/A.xml', api('<log level="custom"><«property» name="x" value=""/></log>'));
  expectOne('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'apis/A.xml', api('<«variable» name="v" expression=""/>'));
});

test('pre-release MI 4.4 syntax is refused naming the released form', () => {
  const om = expectOne('CONDUIT_SCHEMA_INVALID_VALUE', 'apis/A.xml', api('<variable name="x" value="&lt;a/&gt;" type="«OM»"/>'));
  assert.match(om.message, /pre-release name: MI 4.4.0 and later write 'XML'/);
  const v = expectOne('CONDUIT_EXPRESSION_INVALID', 'apis/A.xml', api('<log><property name="x" expression="${«var.»x}"/></log>'));
  assert.match(v.message, /vars\.<name>/);
  const thrown = expectOne('CONDUIT_EXPRESSION_INVALID', 'apis/A.xml', api('<throwError type="E" errorMessage="{${«var.»msg}}"/>'));
  assert.match(thrown.message, /vars\.<name>/);
  assert.deepEqual(run({ 'apis/A.xml': api('<throwError type="E" errorMessage="{${vars.msg}}"/><throwError errorMessage="plain {text"/>') }).filter((p) => p.severity === 'error'), []);
});

test("the project's runtime version: MI 4.4 constructs in a project that targets an earlier MI are warned", () => {
  const artifact = readArtifact(join('/p', 'apis/A.xml'), api('<variable name="v" value="1"/><log><property name="x" expression="${vars.v}"/></log><property name="y" value="plain"/>')).artifact!;
  const warnings = (version?: string) =>
    validateArtifact(artifact, new ProjectIndex([artifact], new Map(), version))
      .filter((p) => p.code === 'CONDUIT_RUNTIME_VERSION')
      .map((p) => `${p.severity} ${p.message}`);
  assert.deepEqual(warnings('4.3.0'), [
    'warning <variable> needs MI 4.4.0 or later; this project targets MI 4.3.0 (project.runtime.version in pom.xml), which refuses it',
    'warning Synapse expressions (${...}) need MI 4.4.0 or later; this project targets MI 4.3.0 (project.runtime.version in pom.xml), which takes this as text',
  ]);
  assert.deepEqual(warnings('4.4.0'), []);
  assert.deepEqual(warnings('4.10.0-SNAPSHOT'), []);
  assert.deepEqual(warnings(undefined), [], 'a project that names no version is not judged');
});

test('missing required attribute', () => {
  expectOne('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'apis/A.xml', api('<«switch»><default/></switch>'));
  expectOne('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'apis/A.xml', api('<«property» name="x"/>'));
  expectOne('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', 'apis/A.xml', api('<«filter» source="$ctx:a"><log/></filter>'));
});

test('missing required element', () => {
  expectOne('CONDUIT_SCHEMA_MISSING_ELEMENT', 'apis/A.xml', api('<«payloadFactory» media-type="json"><args/></payloadFactory>'));
});

test('invalid enum value', () => {
  expectOne('CONDUIT_SCHEMA_INVALID_VALUE', 'apis/A.xml', api('<log level="«loud»"/>'));
  expectOne('CONDUIT_SCHEMA_INVALID_VALUE', 'apis/A.xml', `<api name="A" context="/a" ${NS}><resource methods="«GET FETCH»"><inSequence><drop/></inSequence></resource></api>`);
});

test('unresolved endpoint, sequence and store references', () => {
  expectOne('CONDUIT_REFERENCE_UNRESOLVED', 'apis/A.xml', api('<call><endpoint key="«NoSuchEP»"/></call>'));
  expectOne('CONDUIT_REFERENCE_UNRESOLVED', 'apis/A.xml', api('<sequence key="«Nope»"/>'));
  expectOne('CONDUIT_REFERENCE_UNRESOLVED', 'apis/A.xml', api('<store messageStore="«Missing»"/>'));
  expectOne(
    'CONDUIT_REFERENCE_UNRESOLVED',
    'message-processors/P.xml',
    `<messageProcessor name="P" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Store" ${NS}><parameter name="sequence">«Gone»</parameter></messageProcessor>`,
  );
  expectOne(
    'CONDUIT_REFERENCE_UNRESOLVED',
    'message-processors/P.xml',
    `<messageProcessor name="P" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="Store" targetEndpoint="«NoEP»" ${NS}/>`,
  );
});

test('unresolved registry key', () => {
  const dm = (cfg: string) =>
    api(`<datamapper config="${cfg}" inputSchema="gov:dm/in.json" outputSchema="gov:dm/out.json" inputType="JSON" outputType="JSON"/>`);
  const reg = ['/_system/governance/dm/in.json', '/_system/governance/dm/out.json', '/_system/governance/dm/m.dmc'];
  assert.deepEqual(run({ 'apis/A.xml': dm('gov:dm/m.dmc') }, reg), []);
  expectOne('CONDUIT_REGISTRY_NOT_FOUND', 'apis/A.xml', dm('«gov:dm/missing.dmc»'), reg);
});

test('duplicate names', () => {
  const problems = run({ 'sequences/Seq2.xml': `<sequence name="Seq" ${NS}><drop/></sequence>` });
  const dups = problems.filter((p) => p.code === 'CONDUIT_ARTIFACT_DUPLICATE');
  assert.equal(dups.length, 2);
});

test('cyclic sequence references', () => {
  const problems = run({
    'sequences/A.xml': `<sequence name="A" ${NS}><sequence key="B"/></sequence>`,
    'sequences/B.xml': `<sequence name="B" ${NS}><filter xpath="true()"><sequence key="A"/></filter></sequence>`,
    'sequences/C.xml': `<sequence name="C" ${NS}><sequence key="A"/></sequence>`,
  });
  const cycles = problems.filter((p) => p.code === 'CONDUIT_SEQUENCE_CYCLE');
  assert.deepEqual(cycles.map((p) => p.file).sort(), ['/p/sequences/A.xml', '/p/sequences/B.xml']);
  assert.match(cycles[0].message, /'A' → 'B' → 'A'|'B' → 'A' → 'B'/);
  expectOne('CONDUIT_SEQUENCE_CYCLE', 'sequences/Self.xml', `<sequence name="Self" ${NS}><sequence key="«Self»"/></sequence>`);
});

test('unreachable mediators after respond, drop, loopback and send', () => {
  expectOne('CONDUIT_MEDIATOR_UNREACHABLE', 'apis/A.xml', api('<respond/>«<log/><drop/>»'));
  expectOne('CONDUIT_MEDIATOR_UNREACHABLE', 'apis/A.xml', api('<switch source="$ctx:a"><case regex="x"><drop/>«<log/>»</case></switch><log/>'));
  expectOne('CONDUIT_MEDIATOR_UNREACHABLE', 'apis/A.xml', api('<send><endpoint key="EP"/></send>«<respond/>»'));
  expectOne('CONDUIT_MEDIATOR_UNREACHABLE', 'apis/A.xml', api('<loopback/>«<log/>»'));
});

test('payloadFactory placeholders against args', () => {
  expectOne(
    'CONDUIT_PAYLOAD_ARGS_MISMATCH',
    'apis/A.xml',
    api('<payloadFactory media-type="json"><format>{"a":$1, "b":«$2»}</format><args><arg expression="$ctx:a"/></args></payloadFactory>'),
  );
  const p = expectOne(
    'CONDUIT_PAYLOAD_ARGS_MISMATCH',
    'apis/A.xml',
    api('<payloadFactory media-type="xml"><format><a xmlns="">$1</a></format><args><arg value="x"/>«<arg value="y"/>»</args></payloadFactory>'),
  );
  assert.equal(p.severity, 'warning');
});

test('invalid regular expressions', () => {
  expectOne('CONDUIT_REGEX_INVALID', 'apis/A.xml', api('<switch source="$ctx:a"><case regex="«(open»"><log/></case></switch>'));
  expectOne('CONDUIT_REGEX_INVALID', 'apis/A.xml', api('<filter source="$ctx:a" regex="«*x»"><log/></filter>'));
  assert.deepEqual(run({ 'apis/A.xml': api('<filter source="$ctx:a" regex="(?i)a++\\p{Alpha}\\Z"><log/></filter>') }), []);
});

test('invalid URI templates', () => {
  expectOne('CONDUIT_URI_TEMPLATE_INVALID', 'endpoints/E.xml', `<endpoint name="E" ${NS}><http uri-template="http://h/a/«{b»"/></endpoint>`);
  expectOne('CONDUIT_URI_TEMPLATE_INVALID', 'apis/A.xml', `<api name="A" context="/a" ${NS}><resource uri-template="/x/«{}»"><inSequence><drop/></inSequence></resource></api>`);
});

test('invalid XPath and JSONPath', () => {
  expectOne('CONDUIT_XPATH_INVALID', 'apis/A.xml', api('<property name="p" expression="«//a[»"/>'));
  expectOne('CONDUIT_JSONPATH_INVALID', 'apis/A.xml', api('<property name="p" expression="json-eval($.a«[»)"/>'));
  expectOne('CONDUIT_JSONPATH_INVALID', 'apis/A.xml', api('<log level="custom"><property name="p" expression="json-eval($.a«.»)"/></log>'));
});

test('invalid Synapse expressions', () => {
  expectOne('CONDUIT_EXPRESSION_INVALID', 'apis/A.xml', api('<property name="p" expression="${payload.name «!» 3}"/>'));
  expectOne('CONDUIT_EXPRESSION_INVALID', 'apis/A.xml', api('<property name="p" expression="${«foo»(1)}"/>'));
  assert.deepEqual(run({ 'apis/A.xml': api('<property name="p" expression="${toUpper(payload.name)}"/><respond/>') }), []);
});

test('message store and processor parameters', () => {
  const proc = (params: string, cls = 'org.apache.synapse.message.processor.impl.sampler.SamplingProcessor') =>
    `<messageProcessor name="P" class="${cls}" messageStore="Store" ${NS}>${params}</messageProcessor>`;
  expectOne('CONDUIT_PARAMETER_MISSING', 'message-processors/P.xml', `<«messageProcessor» name="P" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Store" ${NS}/>`);
  expectOne('CONDUIT_PARAMETER_INVALID', 'message-processors/P.xml', proc('<parameter name="sequence">Seq</parameter><parameter name="interval">«fast»</parameter>'));
  expectOne('CONDUIT_PARAMETER_INVALID', 'message-processors/P.xml', proc('<parameter name="sequence">Seq</parameter><parameter name="is.active">«yes»</parameter>'));
  expectOne('CONDUIT_PARAMETER_INVALID', 'message-processors/P.xml', proc('<parameter name="sequence">Seq</parameter><parameter name="cronExpression">«0 0 12 * *»</parameter>'));
  assert.deepEqual(run({ 'message-processors/P.xml': proc('<parameter name="sequence">Seq</parameter><parameter name="cronExpression">0 0/5 * * * ?</parameter>') }), []);
  const unknown = expectOne('CONDUIT_PARAMETER_UNKNOWN', 'message-processors/P.xml', proc('<parameter name="sequence">Seq</parameter><parameter name="«intervall»">5</parameter>'));
  assert.match(unknown.message, /did you mean 'interval'/);
  expectOne(
    'CONDUIT_PARAMETER_INVALID',
    'message-processors/P.xml',
    proc('<parameter name="max.delivery.drop">«Maybe»</parameter>', 'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor').replace('messageStore="Store"', 'messageStore="Store" targetEndpoint="EP"'),
  );
  expectOne('CONDUIT_PARAMETER_INVALID', 'message-stores/R.xml', `<messageStore name="R" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore" ${NS}><parameter name="rabbitmq.connection.retry.count">«many»</parameter></messageStore>`);
  expectOne('CONDUIT_CLASS_UNKNOWN', 'message-stores/C.xml', `<messageStore name="C" class="«com.example.MyStore»" ${NS}/>`);
});

test('file name differing from the artifact name', () => {
  expectOne('CONDUIT_FILE_NAME_MISMATCH', 'sequences/Other.xml', `<sequence name="«Renamed»" ${NS}><log/></sequence>`);
});

test('malformed XML and the namespace are reported when the file is read', () => {
  const problems = run({ 'sequences/Bad.xml': `<sequence name="Bad" ${NS}><log></sequence>`, 'sequences/NoNs.xml': '<sequence name="NoNs"><log/></sequence>' });
  assert.deepEqual(problems.map((p) => p.code).sort(), ['CONDUIT_XML_MALFORMED', 'CONDUIT_XML_NAMESPACE']);
});

test('bad input never throws', () => {
  for (const text of ['', '<', `<api ${NS}/>`, `<api name="" context="" ${NS}><resource/></api>`, `<sequence name="S" ${NS}><filter/><switch/><payloadFactory><format/></payloadFactory></sequence>`]) {
    assert.doesNotThrow(() => run({ 'apis/X.xml': text }));
  }
});

for (const n of [1, 2, 3, 4, 5] as const) {
  test(`no problem on tutorial ${n}`, async (t) => {
    const dir = referenceProject(t, n);
    if (!dir) return;
    const project = await loadProject(dir);
    assert.ok(project.artifacts.length > 0);
    assert.deepEqual(validateProject(project), []);
  });
}

test('a malformed ${...} in a log message is reported at the error inside the text', () => {
  const p = expectOne('CONDUIT_EXPRESSION_INVALID', 'apis/A.xml', api('<log category="INFO"><message>Order ${payload.id} for ${toUpper(payload.name«»}</message></log>'));
  assert.match(p.message, /toUpper/);
});

test('a malformed ${...} in a payloadFactory format, inside a CDATA section', () => {
  expectOne(
    'CONDUIT_EXPRESSION_INVALID',
    'apis/A.xml',
    api('<payloadFactory media-type="json" template-type="default"><format><![CDATA[{"a":${payload.a +«*» 1}}]]></format><args/></payloadFactory>'),
  );
});

test('after an entity reference, the range of an expression error still lands on the error', () => {
  expectOne('CONDUIT_EXPRESSION_INVALID', 'apis/A.xml', api('<log><message>a &amp; b&#x1F600; ${vars«.»?}</message></log>'));
});

test('a freemarker format is not read as ${...} expressions', () => {
  const problems = run({ 'apis/A.xml': api('<payloadFactory media-type="json" template-type="freemarker"><format>{"a": ${payload.a?string}}</format><args/></payloadFactory>') });
  assert.deepEqual(problems.map((p) => p.code), []);
});

test('a variable read before it is set is a warning on vars.x', () => {
  const p = expectOne(
    'CONDUIT_VARIABLE_UNDEFINED',
    'apis/A.xml',
    api('<variable name="a" value="1"/><log><message>${vars.a} ${«vars.b».c}</message></log><variable name="b" value="2"/>'),
  );
  assert.equal(p.severity, 'warning');
  expectOne('CONDUIT_VARIABLE_UNDEFINED', 'apis/A.xml', api('<variable name="x" expression="${«vars.x»}"/>'));
  expectOne('CONDUIT_VARIABLE_UNDEFINED', 'apis/A.xml', api('<filter xpath="«$var:n» = 1"><then><log/></then></filter>'));
});

test('variables set in an enclosing flow, an earlier branch or the inSequence are defined', () => {
  const ok = [
    '<variable name="a" value="1"/><filter xpath="true()"><then><switch source="${vars.a}"><case regex="x"><log><message>${vars.a}</message></log></case></switch></then></filter>',
    '<filter xpath="true()"><then><variable name="a" value="1"/></then></filter><property name="p" expression="${vars.a + 1}"/>',
    '<variable name="a" value="1"/><filter xpath="$var:a = 1"><then><log/></then></filter>',
    '<sequence key="{$ctx:next}"/><log><message>${vars.fromSeq}</message></log>',
  ];
  for (const body of ok) assert.deepEqual(run({ 'apis/A.xml': api(body) }).map((p) => p.code), [], body);
  const out = `<api name="A" context="/a" ${NS}><resource methods="POST" uri-template="/x"><inSequence><variable name="a" value="1"/><call><endpoint key="EP"/></call></inSequence><outSequence><log><message>\${vars.a}</message></log><respond/></outSequence><faultSequence><log><message>\${vars.a}</message></log></faultSequence></resource></api>`;
  assert.deepEqual(run({ 'apis/A.xml': out }).map((p) => p.code), []);
});

test('a variable set in another switch case does not count', () => {
  expectOne(
    'CONDUIT_VARIABLE_UNDEFINED',
    'apis/A.xml',
    api('<switch source="$.a"><case regex="1"><variable name="v" value="1"/></case><default><log><message>${«vars.v»}</message></log></default></switch>'),
  );
});

test('a named sequence called earlier is followed: what it (or a sequence it calls) sets is set after the call, nothing else', () => {
  const files = {
    'sequences/Outer.xml': `<sequence name="Outer" ${NS}><variable name="outer" value="1"/><sequence key="Inner"/></sequence>`,
    'sequences/Inner.xml': `<sequence name="Inner" ${NS}><filter xpath="true()"><then><variable name="inner" value="1"/></then></filter><sequence key="Inner"/></sequence>`,
  };
  const reads = (body: string) => run({ ...files, 'apis/A.xml': api(body) }).filter((p) => p.file?.endsWith('A.xml')).map((p) => p.message);
  assert.deepEqual(reads('<sequence key="Outer"/><log><message>${vars.outer} ${vars.inner}</message></log>'), []);
  assert.equal(reads('<log><message>${vars.outer}</message></log><sequence key="Outer"/>').length, 1);
  assert.deepEqual(reads('<sequence key="Outer"/><log><message>${vars.other}</message></log>'), [
    `the variable 'other' is read before any <variable name="other"> earlier in this flow sets it`,
  ]);
  // A call-template may still set anything.
  assert.deepEqual(reads('<sequence key="Outer"/><call-template target="T"/><log><message>${vars.other}</message></log>').filter((m) => m.includes('other')), []);
});

test('a named sequence may read variables its callers set', () => {
  assert.deepEqual(run({ 'sequences/S.xml': `<sequence name="S" ${NS}><log><message>\${vars.fromCaller}</message></log></sequence>` }).map((p) => p.code), []);
});

test('an artifact nested 20,000 levels deep is checked to the bottom without overflowing the stack', () => {
  const depth = 20_000;
  const problems = run({
    'apis/Deep.xml': `<api name="Deep" context="/d" xmlns="http://ws.apache.org/ns/synapse"><resource methods="GET"><inSequence>${'<filter regex="x" source="$body"><then>'.repeat(depth)}<log><property name="v" expression="\${vars.never}"/></log><sequence key="Missing"/><respnd/>${'</then></filter>'.repeat(depth)}</inSequence></resource></api>`,
  });
  const codes: string[] = problems.map((p) => p.code);
  assert.ok(!codes.includes('CONDUIT_INTERNAL_ERROR'), problems.map((p) => p.message).join('\n'));
  // Each rule reached the innermost mediators: a schema problem, a reference and a variable read.
  for (const code of ['CONDUIT_SCHEMA_UNKNOWN_ELEMENT', 'CONDUIT_REFERENCE_UNRESOLVED', 'CONDUIT_VARIABLE_UNDEFINED']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
});

test('a rule that fails on an artifact gives that artifact one internal-error problem and leaves the others alone', () => {
  const { artifact: good } = readArtifact('/p/apis/Good.xml', `<api name="Good" context="/g" xmlns="http://ws.apache.org/ns/synapse"><resource methods="GET"><inSequence><sequence key="Missing"/></inSequence></resource></api>`);
  const { artifact: read } = readArtifact('/p/apis/Bad.xml', `<api name="Bad" context="/b" xmlns="http://ws.apache.org/ns/synapse"><resource methods="GET"><inSequence><log/></inSequence></resource></api>`);
  // A defect in Conduit, played by an element whose children cannot be read.
  const element = new Proxy(read!.element, {
    get: (target, key) => {
      if (key === 'children') throw new Error('a defect');
      return Reflect.get(target, key);
    },
  });
  const bad: Artifact = { ...read!, element };
  const index = new ProjectIndex();
  index.set(good!);
  const problems = validateArtifact(bad, index);
  assert.deepEqual(problems.map((p) => p.code), ['CONDUIT_INTERNAL_ERROR']);
  assert.match(problems[0]!.message, /could not finish checking this artifact \(a defect\)/);
  assert.deepEqual(validateArtifact(good!, index).map((p) => p.code), ['CONDUIT_REFERENCE_UNRESOLVED']);
});

test('an artifact whose references cannot be read costs the project rules nothing and is reported on itself', () => {
  const read = (path: string, text: string) => readArtifact(join('/p', path), text).artifact!;
  const loopA = read('sequences/LoopA.xml', `<sequence name="LoopA" ${NS}><sequence key="LoopB"/></sequence>`);
  const loopB = read('sequences/LoopB.xml', `<sequence name="LoopB" ${NS}><sequence key="LoopA"/></sequence>`);
  const caller = read('apis/Caller.xml', `<api name="Caller" context="/c" ${NS}><resource methods="GET"><inSequence><sequence key="Bad"/><sequence key="Missing"/></inSequence></resource></api>`);
  const sound = read('sequences/Bad.xml', `<sequence name="Bad" ${NS}><sequence key="LoopA"/></sequence>`);
  // A defect in Conduit, played by an element whose children cannot be read.
  const element = new Proxy(sound.element, {
    get: (target, key) => {
      if (key === 'children') throw new Error('a defect');
      return Reflect.get(target, key);
    },
  });
  const bad: Artifact = { ...sound, element };
  const index = new ProjectIndex([loopA, loopB, caller, bad]);
  // Cycles read every sequence's references; the others' cycle is still found.
  assert.deepEqual(validateProjectRules(index).map((p) => `${p.code} ${p.file}`), ['CONDUIT_SEQUENCE_CYCLE /p/sequences/LoopA.xml', 'CONDUIT_SEQUENCE_CYCLE /p/sequences/LoopB.xml']);
  assert.deepEqual(index.referencesOf(bad), []);
  assert.deepEqual(validateArtifact(bad, index).map((p) => p.code), ['CONDUIT_INTERNAL_ERROR']);
  assert.deepEqual(validateArtifact(caller, index).map((p) => `${p.code} ${p.message}`), ["CONDUIT_REFERENCE_UNRESOLVED there is no sequence named 'Missing' in the project"]);
});
