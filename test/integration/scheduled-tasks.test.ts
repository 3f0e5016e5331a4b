import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { readArtifact } from '../../src/model/artifacts';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createFaultyBackend, type FaultyBackend } from '../helpers/backends';
import { NS, projectFromXml } from '../helpers/project-from-xml';
import { startRuntime } from '../helpers/runtime-process';

const T = 'xmlns:task="http://www.wso2.org/products/wso2commons/tasks"';
const INJECTOR = 'class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"';

/** A task as MI for VS Code writes it: properties in the Synapse namespace, xmlns:task declared on each. */
function task(name: string, trigger: string, props: Record<string, string>, payload?: string): string {
  const message = payload === undefined ? '' : `<property ${T} name="message">${payload}</property>`;
  const rest = Object.entries(props).map(([k, v]) => `<property ${T} name="${k}" value="${v}"/>`).join('');
  return `<task ${INJECTOR} name="${name}" ${NS}>\n  <trigger ${trigger}/>\n  ${message}${rest}\n</task>`;
}

/** Logs the city as the MI tutorial's InjectXMLSequence does, then posts the message to the back end. */
function poller(name: string, backend: string, path: string): string {
  return `<sequence name="${name}" ${NS}>
  <log level="custom"><property name="City" expression="//city"/></log>
  <call><endpoint><http method="post" uri-template="${backend}${path}"/></endpoint></call>
  <drop/>
</sequence>`;
}

const LONDON = '<request xmlns=""><location><city>London</city><country>UK</country></location></request>';
const toSeq = (name: string) => ({ injectTo: 'sequence', sequenceName: name });

let backend: FaultyBackend;
before(async () => {
  backend = await createFaultyBackend();
});
after(() => backend.close());

const at = (path: string) => backend.requests.filter((r) => r.url === path);

/** Resolves once `n` requests in all have reached `path`. */
async function reached(path: string, n: number): Promise<void> {
  for (const deadline = Date.now() + 15_000; at(path).length < n; await sleep(20)) {
    if (Date.now() > deadline) throw new Error(`${at(path).length} requests reached ${path}, not ${n}`);
  }
}

async function running(files: Record<string, string>, logger = new MemoryLogger()): Promise<{ rt: Runtime; logger: MemoryLogger; failed: string[] }> {
  const rt = createRuntime({ logger, port: 0 });
  const report = await rt.deploy(projectFromXml(files));
  await rt.start();
  return { rt, logger, failed: report.failed.map((p) => p.message) };
}

test('an interval task with a count injects its payload into the sequence exactly count times', async () => {
  const { rt, logger } = await running({
    'sequences/PollSeq.xml': poller('PollSeq', backend.url, '/count'),
    'tasks/Poll.xml': task('Poll', 'interval="1" count="3"', toSeq('PollSeq'), LONDON),
  });
  try {
    await reached('/count', 3);
    await sleep(1500); // a fourth run would be due by now
    const got = at('/count');
    assert.equal(got.length, 3);
    for (const r of got) {
      assert.equal(r.method, 'POST');
      assert.equal(r.body, '<request><location><city>London</city><country>UK</country></location></request>');
      assert.match(String(r.headers['content-type']), /^application\/xml/);
    }
    assert.equal(logger.records.filter((r) => r.category === 'LogMediator' && r.message === 'City = London').length, 3);
    assert.ok(logger.lines().some((l) => l.includes('{AbstractQuartzTaskManager} - Task scheduled: [ESB_TASK][Poll].')));
    assert.ok(logger.lines().some((l) => l.includes("StartupTask named 'Poll' has been deployed from file : /virtual/project/tasks/Poll.xml")));
  } finally {
    await rt.stop();
  }
});

test('a cron task fires every second, and nothing is injected once the runtime has stopped', async () => {
  const { rt } = await running({
    'sequences/TickSeq.xml': poller('TickSeq', backend.url, '/cron'),
    'tasks/Tick.xml': task('Tick', 'cron="* * * * * ?"', toSeq('TickSeq'), '<tick xmlns=""/>'),
  });
  await reached('/cron', 2);
  await rt.stop();
  const stopped = at('/cron').length;
  await sleep(2200);
  assert.equal(at('/cron').length, stopped);
});

test('a redeployed task replaces the old schedule, and an undeployed one stops', async () => {
  const seq = poller('SwapSeq', backend.url, '/swap');
  const v = (payload: string) => readArtifact('/virtual/project/tasks/Swap.xml', task('Swap', 'interval="1"', toSeq('SwapSeq'), payload)).artifact!;
  const { rt, logger } = await running({ 'sequences/SwapSeq.xml': seq, 'tasks/Swap.xml': task('Swap', 'interval="1"', toSeq('SwapSeq'), '<v xmlns="">1</v>') });
  try {
    const first = () => at('/swap').filter((r) => r.body === '<v>1</v>').length;
    await reached('/swap', 1);
    assert.equal(await rt.redeploy(v('<v xmlns="">2</v>')), undefined);
    const oldRuns = first();
    for (const deadline = Date.now() + 15_000; !at('/swap').some((r) => r.body === '<v>2</v>'); await sleep(20)) assert.ok(Date.now() < deadline, 'the new version injected');
    await sleep(1200);
    assert.equal(first(), oldRuns, 'the old version stopped injecting');
    assert.ok(logger.lines().some((l) => l.includes('Task deleted: [ESB_TASK][Swap]')));

    await rt.undeploy('task', 'Swap');
    const total = at('/swap').length;
    await sleep(1200);
    assert.equal(at('/swap').length, total);
    assert.ok(logger.lines().some((l) => l.includes("StartupTask named 'Swap' has been undeployed")));
  } finally {
    await rt.stop();
  }
});

test('a failing flow and a missing sequence log CONDUIT_TASK_FAILED at every run, and the schedule goes on', async () => {
  const down = await createFaultyBackend({ kind: 'down' });
  const { rt, logger } = await running({
    'sequences/DownSeq.xml': poller('DownSeq', down.url, '/down'),
    'tasks/Down.xml': task('Down', 'interval="1" count="2"', toSeq('DownSeq'), LONDON),
    'tasks/Lost.xml': task('Lost', 'interval="1" count="2"', toSeq('NoSuchSeq'), LONDON),
  });
  try {
    const failures = (name: string) => logger.records.filter((r) => r.message.startsWith(`CONDUIT_TASK_FAILED task '${name}'`));
    await logger.waitFor(() => failures('Down').length >= 2 && failures('Lost').length >= 2, 15_000);
    assert.match(failures('Down')[0].message, /the flow of sequence 'DownSeq' faulted/);
    assert.match(failures('Lost')[0].message, /sequence 'NoSuchSeq' is not deployed; this run injected nothing/);
  } finally {
    await rt.stop();
    await down.close();
  }
});

test('the main sequence, a registry payload, and format soap11 with a SOAP action', async () => {
  const { rt } = await running({
    'sequences/main.xml': `<sequence name="main" ${NS}><call><endpoint><http method="post" uri-template="${backend.url}/main"/></endpoint></call><drop/></sequence>`,
    'local-entries/Quote.xml': `<localEntry key="Quote" ${NS}><getQuote xmlns="http://services.samples"><symbol>IBM</symbol></getQuote></localEntry>`,
    'tasks/CheckPrice.xml': task('CheckPrice', 'once="true"', { registryKey: 'Quote', format: 'soap11', soapAction: 'urn:getQuote' }),
  });
  try {
    await reached('/main', 1);
    const [r] = at('/main');
    assert.equal(r.body, '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><getQuote xmlns="http://services.samples"><symbol>IBM</symbol></getQuote></soapenv:Body></soapenv:Envelope>');
    assert.match(String(r.headers['content-type']), /^text\/xml/);
    assert.equal(r.headers.soapaction, 'urn:getQuote');
  } finally {
    await rt.stop();
  }
});

test('tasks Conduit cannot run or MI would refuse are refused with coded errors while the rest deploys', async () => {
  const msg = LONDON;
  const { rt, failed } = await running({
    'sequences/S.xml': `<sequence name="S" ${NS}><drop/></sequence>`,
    'tasks/Custom.xml': `<task class="org.example.PlaceOrderTask" name="Custom" ${NS}><trigger interval="5"/></task>`,
    'tasks/ToProxy.xml': task('ToProxy', 'interval="5"', { injectTo: 'proxy' }, msg),
    'tasks/ToMain.xml': task('ToMain', 'interval="5"', {}, msg),
    'tasks/Both.xml': task('Both', 'interval="5" cron="* * * * * ?"', toSeq('S'), msg),
    'tasks/NoMessage.xml': task('NoMessage', 'interval="5"', toSeq('S')),
    'tasks/Fine.xml': task('Fine', 'interval="5" count="1"', toSeq('S'), msg),
  });
  try {
    const why = (name: string) => failed.find((m) => m.startsWith(`StartupTask '${name}' was not deployed`));
    assert.match(why('Custom') ?? '', /CONDUIT_UNSUPPORTED .*custom class/);
    assert.match(why('ToProxy') ?? '', /CONDUIT_TASK_CONFIG_INVALID .*needs a proxyName property/);
    assert.match(why('ToMain') ?? '', /CONDUIT_UNSUPPORTED .*no sequence named 'main'/);
    assert.match(why('Both') ?? '', /CONDUIT_TASK_CONFIG_INVALID .*both cron and a simple schedule/);
    assert.match(why('NoMessage') ?? '', /CONDUIT_TASK_CONFIG_INVALID .*needs a message property/);
    assert.equal(failed.length, 5);
    assert.equal(why('Fine'), undefined);
  } finally {
    await rt.stop();
  }
});

test('conduit run injects from a task until SIGTERM, then exits cleanly with no timer left behind', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'conduit-tasks-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const artifacts = join(root, 'src/main/wso2mi/artifacts');
  mkdirSync(join(artifacts, 'sequences'), { recursive: true });
  mkdirSync(join(artifacts, 'tasks'), { recursive: true });
  writeFileSync(join(artifacts, 'sequences', 'CliSeq.xml'), poller('CliSeq', backend.url, '/cli'));
  writeFileSync(join(artifacts, 'tasks', 'CliTask.xml'), task('CliTask', 'cron="* * * * * ?"', toSeq('CliSeq'), LONDON));
  const rt = await startRuntime(root);
  await reached('/cli', 2);
  assert.match(rt.output(), /Task scheduled: \[ESB_TASK\]\[CliTask\]/);
  assert.match(rt.output(), /2 artifacts deployed \(1 scheduled task\), 0 refused/);
  const exit = new Promise<number | null>((resolve) => rt.proc.once('exit', (code) => resolve(code)));
  await rt.kill('SIGTERM');
  assert.equal(await exit, 0, rt.output());
  const total = at('/cli').length;
  await sleep(1200);
  assert.equal(at('/cli').length, total);
});
