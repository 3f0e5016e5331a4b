/**
 * `conduit run --trace` records each request's mediators; `conduit traces` lists them through the
 * management API. A request through a switch and a call to a real HTTP back end.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MessageTrace } from '../../src/runtime/debug/message-trace';
import { SYNAPSE_NS, writeProject } from '../helpers/fuzz';
import { conduit, startRuntime, type RuntimeProcess } from '../helpers/runtime-process';

let backend: Server;
let dir: string;
let runtime: RuntimeProcess;

before(async () => {
  backend = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ price: 12.5, echoed: JSON.parse(body || '{}') }));
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const port = (backend.address() as AddressInfo).port;
  dir = writeProject(mkdtempSync(join(tmpdir(), 'conduit-trace-')), {
    'pom.xml': '<project><groupId>g</groupId><artifactId>traced</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/apis/Quote.xml': `<api name="Quote" context="/quote" ${SYNAPSE_NS}>
  <resource methods="POST" uri-template="/">
    <inSequence>
      <switch source="json-eval($.kind)">
        <case regex="book">
          <property name="shelf" value="B"/>
        </case>
        <default>
          <property name="shelf" value="Z"/>
        </default>
      </switch>
      <call><endpoint><http method="post" uri-template="http://127.0.0.1:${port}/price"/></endpoint></call>
      <payloadFactory media-type="json">
        <format>{"shelf":"$1","price":$2}</format>
        <args>
          <arg evaluator="xml" expression="$ctx:shelf"/>
          <arg evaluator="json" expression="$.price"/>
        </args>
      </payloadFactory>
      <respond/>
    </inSequence>
    <faultSequence/>
  </resource>
</api>`,
  });
  runtime = await startRuntime(dir, ['--trace']);
});

after(async () => {
  await runtime?.kill();
  await new Promise((r) => backend.close(r));
  rmSync(dir, { recursive: true, force: true });
});

test('a traced request lists each mediator once, in order, with the payload before and after the payloadFactory', async () => {
  const res = await fetch(`${runtime.url}/quote`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cret' }, body: JSON.stringify({ kind: 'book', password: 'hunter2' }) });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { shelf: 'B', price: 12.5 });

  const list = await conduit('traces', dir, '--json');
  assert.equal(list.status, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as Array<{ id: number; name: string; steps: number }>;
  assert.equal(rows.length, 1);
  assert.match(rows[0].name, /api Quote POST \/quote/);

  const one = await conduit('traces', dir, '--id', String(rows[0].id), '--json');
  assert.equal(one.status, 0, one.stderr);
  const trace = JSON.parse(one.stdout) as MessageTrace;
  assert.deepEqual(
    trace.steps.map((s) => [s.mediator, s.depth]),
    [['switch', 1], ['property', 2], ['call', 1], ['payloadFactory', 1], ['respond', 1]],
  );
  const file = join(dir, 'src/main/wso2mi/artifacts/apis/Quote.xml');
  assert.deepEqual(trace.steps.map((s) => [s.file, s.line]), [[file, 4], [file, 6], [file, 12], [file, 13], [file, 20]]);
  const factory = trace.steps[3];
  assert.deepEqual(JSON.parse(factory.before.payload.text), { price: 12.5, echoed: { kind: 'book', password: '****' } });
  assert.deepEqual(JSON.parse(factory.after!.payload.text), { shelf: 'B', price: 12.5 });
  assert.equal(factory.before.properties.shelf, 'B');
  assert.equal(typeof factory.ms, 'number');
  // secrets never enter a trace: not the request's password field, not its Authorization header
  assert.equal(trace.steps[0].before.headers.authorization, '****');
  assert.doesNotMatch(one.stdout, /hunter2|s3cret/);

  const table = await conduit('traces', dir, '--id', String(rows[0].id));
  assert.match(table.stdout, /payloadFactory/);
});

test('conduit traces says so when the runtime does not trace', async () => {
  const plain = writeProject(mkdtempSync(join(tmpdir(), 'conduit-trace-off-')), {
    'pom.xml': '<project><groupId>g</groupId><artifactId>plain</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/apis/Ping.xml': `<api name="Ping" context="/ping" ${SYNAPSE_NS}><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
  });
  const other = await startRuntime(plain);
  try {
    const r = await conduit('traces', plain);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /tracing is off/);
  } finally {
    await other.kill();
    rmSync(plain, { recursive: true, force: true });
  }
});
