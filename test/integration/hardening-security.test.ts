/**
 * Security properties, checked against real parts: the listening addresses of a runtime process (read
 * from /proc/net/tcp), the management API's token, store passwords kept out of logs, answers,
 * `conduit validate` output and the exported CAR (where MI keeps them as written, and so does Conduit),
 * and the data-mapper sandbox against the usual ways out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { readCarProject } from '../../src/model/car';
import { ConsoleLogger } from '../../src/runtime/logger';
import { createRuntime } from '../../src/runtime/runtime';
import { SYNAPSE_NS as NS, writeProject } from '../helpers/fuzz';
import { loadProject } from '../../src/model/project';
import { needRabbit } from '../helpers/rabbitmq';
import { conduit, ROOT, startRuntime } from '../helpers/runtime-process';

const SECRET = 'S3cret-Pw-4711';

/** Local addresses (`ip:port`) of the sockets listening on `port`, from /proc/net/tcp and tcp6. */
function listeners(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue; // 0A: LISTEN
      const [hexIp, hexPort] = f[1].split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      out.push(hexIp.length === 8 ? hexIp.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.') : hexIp);
    }
  }
  return out;
}

test('the runtime and its management API listen on 127.0.0.1 only; the management API needs its token', async (t) => {
  const dir = writeProject(mkdtempSync(join(tmpdir(), 'conduit-sec-')), {
    'pom.xml': '<project><artifactId>sec</artifactId><version>1.0.0</version></project>',
    'src/main/wso2mi/artifacts/message-stores/M.xml': `<messageStore name="M" ${NS}/>`,
  });
  const rt = await startRuntime(dir);
  t.after(async () => {
    await rt.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  assert.deepEqual(listeners(Number(new URL(rt.url).port)), ['127.0.0.1']);
  const info = JSON.parse(readFileSync(join(dir, '.conduit', 'management.json'), 'utf8')) as { url: string; port: number; token: string };
  assert.deepEqual(listeners(info.port), ['127.0.0.1']);

  for (const auth of [undefined, 'Bearer wrong', `Bearer ${info.token}x`, info.token, `Basic ${info.token}`]) {
    const res = await fetch(`${info.url}/stores`, { headers: auth ? { Authorization: auth } : {} });
    assert.equal(res.status, 401, `${auth} is refused`);
    assert.ok(!(await res.text()).includes(info.token));
  }
  const ok = await fetch(`${info.url}/stores`, { headers: { Authorization: `Bearer ${info.token}` } });
  assert.equal(ok.status, 200);
  assert.deepEqual((await ok.json()).map((s: { name: string }) => s.name), ['M']);
  assert.equal(readFileSync(join(dir, '.conduit', 'management.json')).length > 0, true);
  // owner-only token file
  const { statSync } = await import('node:fs');
  assert.equal(statSync(join(dir, '.conduit', 'management.json')).mode & 0o077, 0);
});

test('--host is honoured when given: the listener binds where it is told, not wider', async (t) => {
  const rt = createRuntime({ logger: new ConsoleLogger('ERROR'), port: 0, host: '127.0.0.2' });
  t.after(() => rt.stop());
  await rt.deploy({ root: '/virtual', name: 'x', version: '1', layout: 'mi', artifacts: [], registry: new Map(), problems: [] });
  await rt.start();
  assert.deepEqual(listeners(rt.port), ['127.0.0.2']);
});

const secretStores = {
  'message-stores/Rabbit.xml': `<messageStore name="Rabbit" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore" ${NS}>
    <parameter name="store.rabbitmq.host.name">127.0.0.1</parameter>
    <parameter name="store.rabbitmq.host.port">5672</parameter>
    <parameter name="store.rabbitmq.username">guest</parameter>
    <parameter name="store.rabbitmq.password">${SECRET}</parameter>
    <parameter name="rabbitmq.connection.retry.interval">300</parameter>
  </messageStore>`,
  'message-stores/Jms.xml': `<messageStore name="Jms" class="org.apache.synapse.message.store.impl.jms.JmsStore" ${NS}>
    <parameter name="java.naming.factory.initial">org.apache.activemq.jndi.ActiveMQInitialContextFactory</parameter>
    <parameter name="java.naming.provider.url">tcp://localhost:61616</parameter>
    <parameter name="store.jms.username">admin</parameter>
    <parameter name="store.jms.password">${SECRET}</parameter>
  </messageStore>`,
  'message-stores/Jdbc.xml': `<messageStore name="Jdbc" class="org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore" ${NS}>
    <parameter name="store.jdbc.driver">com.mysql.jdbc.Driver</parameter>
    <parameter name="store.jdbc.connection.url">jdbc:mysql://localhost:3306/db</parameter>
    <parameter name="store.jdbc.username">root</parameter>
    <parameter name="store.jdbc.password">${SECRET}</parameter>
    <parameter name="store.jdbc.table">jdbc_store</parameter>
  </messageStore>`,
  'apis/S.xml': `<api name="S" context="/s" ${NS}>
    <resource methods="POST" uri-template="/{store}"><inSequence><store messageStore="{get-property('uri.var.store')}"/><respond/></inSequence><faultSequence/></resource>
  </api>`,
};

test('store passwords never reach logs, answers or conduit validate; the CAR keeps the artifact as written, as MI does', async (t) => {
  if (!(await needRabbit(t))) return;
  const files: Record<string, string> = { 'pom.xml': '<project><groupId>g</groupId><artifactId>secrets</artifactId><version>1.0.0</version></project>' };
  for (const [k, v] of Object.entries(secretStores)) files[`src/main/wso2mi/artifacts/${k}`] = v;
  const dir = writeProject(mkdtempSync(join(tmpdir(), 'conduit-sec-')), files);
  const rt = await startRuntime(dir, ['--log-level', 'DEBUG']);
  t.after(async () => {
    await rt.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  // the broker refuses the password: the connection error is logged with the password masked
  await rt.waitFor(/message store Rabbit: cannot connect to amqp:\/\/guest:\*\*\*@127\.0\.0\.1:5672\/%2F/, 20_000);
  await rt.waitFor(/Jms.*CONDUIT_STORE_UNSUPPORTED/);
  await rt.waitFor(/Jdbc.*CONDUIT_STORE_UNSUPPORTED/);
  for (const store of ['Rabbit', 'Jms', 'Jdbc']) {
    const res = await fetch(`${rt.url}/s/${store}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"pay":1}' });
    assert.equal(res.status, 500);
    assert.ok(!(await res.text()).includes(SECRET), `the answer for ${store} holds no password`);
  }
  const storesOut = await conduit('stores', dir, '--json');
  assert.ok(!(storesOut.stdout + storesOut.stderr).includes(SECRET), 'conduit stores shows no password');
  assert.ok(rt.output().includes('***'));
  assert.ok(!rt.output().includes(SECRET), `the runtime log holds no password:\n${rt.output().split('\n').filter((l) => l.includes(SECRET)).join('\n')}`);

  const validated = await conduit('validate', dir);
  assert.ok(!(validated.stdout + validated.stderr).includes(SECRET), 'conduit validate prints no password');

  const out = mkdtempSync(join(tmpdir(), 'conduit-sec-car-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const exported = await conduit('export', dir, '--out', out);
  assert.equal(exported.status, 0, exported.stderr);
  assert.ok(!(exported.stdout + exported.stderr).includes(SECRET), 'conduit export prints no password');
  // MI deploys the artifact XML from the CAR as written, password included; Conduit writes the same.
  const car = await readCarProject(exported.stdout.trim().split(' (')[0]);
  const rabbit = car.artifacts.find((a) => a.name === 'Rabbit');
  assert.ok(rabbit && rabbit.doc.text.includes(`<parameter name="store.rabbitmq.password">${SECRET}</parameter>`));
  const source = await loadProject(dir);
  assert.equal(car.artifacts.length, source.artifacts.length);
});

/** What escapes reach: each case's body runs as a function body in the sandbox, in a process of its own. */
const ESCAPES: Array<[string, string]> = [
  ['require', 'return { r: typeof require }'],
  ['process', 'return { p: typeof process }'],
  ['fetch / timers', 'return { f: typeof fetch + typeof setTimeout + typeof setImmediate + typeof queueMicrotask }'],
  ['constructor of the global', "return { p: typeof globalThis.constructor.constructor('return process')() }"],
  ['constructor of this', "return { p: typeof (function () { return this; })().constructor.constructor('return process')() }"],
  ['eval', "return { e: eval('1 + 1') }"],
  ['Function', "return { e: Function('return 1')() }"],
  ['WebAssembly', 'return { w: new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) ? "compiled" : "" }'],
  ['import()', "import('node:fs'); return { i: 1 }"],
  ['rejected promise', "Promise.reject(new Error('x')); (async () => { throw new Error('y'); })(); return { i: 1 }"],
  ['microtask loop', 'Promise.resolve().then(() => { for (;;) {} }); return { i: 1 }'],
  ['error stack frames', "Error.prepareStackTrace = (e, frames) => frames.map((f) => { const fn = f.getFunction(); try { return fn ? typeof fn.constructor('return process')() : 'none'; } catch (x) { return 'refused'; } }); return { s: new Error().stack }"],
  ['infinite loop', 'for (;;) {}'],
  ['huge string', "return { s: 'x'.repeat(2 ** 30) }"],
  ['huge array', 'new Array(1e9).fill(0); return { a: 1 }'],
];

interface EscapeResult {
  what: string;
  result?: string;
  code?: string;
  message?: string;
}

/**
 * Runs each case through a DataMapperSandbox in a process of its own, like the runtime, which must
 * outlive every case. `run` is TypeScript calling the sandbox (`sandbox`) with the case's `body`,
 * resolving to the text the case returned.
 */
function sandboxResults(t: TestContext, cases: Array<[string, string]>, run: string): EscapeResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-sandbox-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'escapes.ts');
  writeFileSync(
    script,
    `import { DataMapperSandbox } from ${JSON.stringify(join(ROOT, 'src', 'runtime', 'mediators', 'datamapper-sandbox.ts'))};
const cases: Array<[string, string]> = ${JSON.stringify(cases)};
const out: Array<{ what: string; result?: string; code?: string; message?: string }> = [];
(async () => {
  const sandbox = new DataMapperSandbox();
  for (const [what, body] of cases) {
    try {
      out.push({ what, result: await ${run} });
    } catch (err) {
      out.push({ what, code: (err as { code?: string }).code, message: (err as Error).message });
    }
  }
  await sandbox.close();
  setTimeout(() => process.stdout.write(JSON.stringify(out)), 50);
})();
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `the sandbox's process ended badly (${r.status} ${r.signal}): ${r.stderr.slice(-2000)}`);
  const results = JSON.parse(r.stdout) as EscapeResult[];
  assert.equal(results.length, cases.length);
  return results;
}

/** Every case either failed with `code` or returned nothing it should not have reached. */
function assertContained(results: EscapeResult[], code: string): Map<string, EscapeResult> {
  for (const x of results) {
    if (x.code !== undefined || x.message !== undefined) {
      assert.equal(x.code, code, `${x.what}: ${x.message}`);
      continue;
    }
    const text = x.result!;
    assert.doesNotMatch(text, /"p":"object"|"r":"function"|"e":2|"e":1|compiled|"object"/, `${x.what} reached something: ${text}`);
  }
  const byName = new Map(results.map((x) => [x.what, x]));
  assert.equal(byName.get('require')!.result, '{"r":"undefined"}');
  assert.equal(byName.get('process')!.result, '{"p":"undefined"}');
  assert.match(byName.get('infinite loop')!.message!, /timed out/);
  assert.match(byName.get('microtask loop')!.message!, /timed out/);
  return byName;
}

test('the data-mapper sandbox: no file system, network, process, code generation or escape; loops and promises are contained', (t) => {
  const cases: Array<[string, string]> = [...ESCAPES, ['constructor of the input', "return { p: typeof inputroot.constructor.constructor('return process')() }"]];
  const results = sandboxResults(t, cases, `sandbox.map('map_S_in_S_out = function () { ' + body + ' };', '{"a":1}', { timeoutMs: 300 })`);
  assertContained(results, 'CONDUIT_DATAMAPPER_FAILED');
});

test('the script sandbox: mc gives no way out either; loops, promises and huge allocations are contained', (t) => {
  const cases: Array<[string, string]> = [
    ...ESCAPES,
    ['constructor of an mc method', "return { p: typeof mc.getProperty.constructor('return process')() }"],
    ['constructor of mc', "return { p: typeof mc.constructor.constructor('return process')() }"],
    ['constructor of print', "return { p: typeof print.constructor('return process')() }"],
    ['constructor of the payload', "return { p: typeof mc.getPayloadJSON().constructor.constructor('return process')() }"],
  ];
  const input = JSON.stringify({ kind: 'json', text: '{"a":1}', messageId: 'urn:uuid:1', scopes: { default: {}, axis2: {}, transport: {}, operation: {} } });
  // The case's result goes out through mc, the only way a script has; its output is read back here.
  const results = sandboxResults(
    t,
    cases,
    `sandbox.runScript('function mediate(mc) { mc.setProperty("r", JSON.stringify((function () { ' + body + ' })())); }', ${JSON.stringify(input)}, { timeoutMs: 300, fn: 'mediate' }).then((o) => JSON.parse(o).operations[0].value)`,
  );
  assertContained(results, 'CONDUIT_SCRIPT_FAILED');
});
