/**
 * `conduit run --watch` as a real process: editing, adding and deleting artifact files on disk changes
 * what the running runtime serves, in the same process, and a broken edit leaves the old version serving.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { NS } from '../helpers/project-from-xml';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from '../helpers/runtime-process';

after(killAllRuntimes);

const API = `<api name="WatchAPI" context="/watch" ${NS}>
  <resource methods="GET" uri-template="/hello">
    <inSequence>
      <sequence key="Greeting"/>
      <payloadFactory media-type="json"><format>{"served":true}</format><args/></payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>
`;

const greeting = (text: string) => `<sequence name="Greeting" ${NS}>
  <log level="custom"><property name="greeting" value="${text}"/></log>
</sequence>
`;

const STORE = `<messageStore name="Outbox" ${NS}/>`;
const processor = (interval: number) => `<messageProcessor name="OutboxProcessor" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Outbox" ${NS}>
  <parameter name="sequence">Greeting</parameter>
  <parameter name="interval">${interval}</parameter>
</messageProcessor>
`;

/** A project in the given layout; returns its root and the folder that holds `<kind>/` folders. */
function project(layout: 'mi' | 'integration-studio'): { root: string; artifacts: string } {
  const root = mkdtempSync(join(tmpdir(), 'conduit-watch-'));
  const artifacts = layout === 'mi' ? join(root, 'src/main/wso2mi/artifacts') : join(root, 'WatchConfigs/src/main/synapse-config');
  const apiFolder = layout === 'mi' ? 'apis' : 'api';
  mkdirSync(join(artifacts, apiFolder), { recursive: true });
  mkdirSync(join(artifacts, 'sequences'), { recursive: true });
  writeFileSync(join(artifacts, apiFolder, 'WatchAPI.xml'), API);
  writeFileSync(join(artifacts, 'sequences', 'Greeting.xml'), greeting('first version'));
  return { root, artifacts };
}

async function get(rt: RuntimeProcess, path: string): Promise<number> {
  const res = await fetch(`${rt.url}${path}`);
  await res.arrayBuffer();
  return res.status;
}

for (const layout of ['mi', 'integration-studio'] as const) {
  test(`conduit run --watch (${layout} layout) redeploys an edited sequence in the same process, and keeps it serving through a broken edit`, async (t) => {
    const { root, artifacts } = project(layout);
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const rt = await startRuntime(root, ['--watch']);
    const pid = rt.proc.pid;
    const seqFile = join(artifacts, 'sequences', 'Greeting.xml');
    const deployedLine = /Sequence named 'Greeting' has been deployed from file : .*Greeting\.xml/g;

    assert.equal(await get(rt, '/watch/hello'), 200);
    await rt.waitFor(/greeting = first version/);

    writeFileSync(seqFile, greeting('second version'));
    await rt.waitForCount(deployedLine, 2);
    assert.equal(await get(rt, '/watch/hello'), 200);
    await rt.waitFor(/greeting = second version/);
    assert.equal(rt.proc.pid, pid);
    assert.equal(rt.proc.exitCode, null);
    assert.equal(rt.count(/Pass-through HTTP Listener started/), 1, 'the listener was not started again');

    // Not well-formed: reported with the file, and the second version keeps serving.
    writeFileSync(seqFile, `<sequence name="Greeting" ${NS}>\n  <log level="custom">\n</sequence>\n`);
    await rt.waitFor(/ERROR \{SynapseDeployer\} - .*Greeting\.xml:\d+:\d+: error CONDUIT_DEPLOY_FAILED Greeting\.xml was not redeployed: CONDUIT_XML_MALFORMED .*the deployed sequence 'Greeting' keeps running/);
    const before = rt.count(/greeting = second version/);
    assert.equal(await get(rt, '/watch/hello'), 200);
    await rt.waitForCount(/greeting = second version/, before + 1);

    // Well-formed but not deployable (a mediator Conduit does not know): refused, the old version stays.
    writeFileSync(seqFile, `<sequence name="Greeting" ${NS}><noSuchMediator/></sequence>\n`);
    await rt.waitFor(/CONDUIT_DEPLOY_FAILED Sequence 'Greeting' was not deployed: CONDUIT_MEDIATOR_UNKNOWN/);
    await rt.waitFor(/the sequence 'Greeting' deployed before keeps running/);
    assert.equal(await get(rt, '/watch/hello'), 200);
    await rt.waitForCount(/greeting = second version/, before + 2);

    // Fixing the file deploys the fix.
    writeFileSync(seqFile, greeting('third version'));
    await rt.waitForCount(deployedLine, 3);
    assert.equal(await get(rt, '/watch/hello'), 200);
    await rt.waitFor(/greeting = third version/);
    assert.equal(rt.proc.pid, pid);
    assert.equal(rt.count(/Pass-through HTTP Listener started/), 1);
    await rt.kill('SIGTERM');
  });
}

test('conduit run --watch deploys an added API, undeploys a deleted one, and redeploys a store with its processor', async (t) => {
  const { root, artifacts } = project('mi');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const rt = await startRuntime(root, ['--watch']);
  const pid = rt.proc.pid;

  const extra = join(artifacts, 'apis', 'ExtraAPI.xml');
  writeFileSync(extra, `<api name="ExtraAPI" context="/extra" ${NS}><resource methods="GET" uri-template="/"><inSequence><respond/></inSequence></resource></api>`);
  await rt.waitFor(/API named 'ExtraAPI' has been deployed from file : .*ExtraAPI\.xml/);
  assert.equal(await get(rt, '/extra/'), 200);
  unlinkSync(extra);
  await rt.waitFor(/API named 'ExtraAPI' has been undeployed/);
  assert.equal(await get(rt, '/extra/'), 404);
  assert.equal(await get(rt, '/watch/hello'), 200);

  // Kind folders that did not exist at start are picked up when they appear.
  mkdirSync(join(artifacts, 'message-stores'));
  writeFileSync(join(artifacts, 'message-stores', 'Outbox.xml'), STORE);
  mkdirSync(join(artifacts, 'message-processors'));
  writeFileSync(join(artifacts, 'message-processors', 'OutboxProcessor.xml'), processor(1000));
  await rt.waitFor(/Message Processor named 'OutboxProcessor' has been deployed/);
  await rt.waitFor(/Started message processor OutboxProcessor on store Outbox/);

  // A new version of the store stops the processor on it first, then runs it on the new store.
  writeFileSync(join(artifacts, 'message-stores', 'Outbox.xml'), `<messageStore name="Outbox" ${NS}><parameter name="note">v2</parameter></messageStore>`);
  await rt.waitForCount(/Message Store named 'Outbox' has been deployed/, 2);
  await rt.waitForCount(/Started message processor OutboxProcessor on store Outbox/, 2);
  // A new version of the processor replaces the running one.
  writeFileSync(join(artifacts, 'message-processors', 'OutboxProcessor.xml'), processor(500));
  await rt.waitForCount(/Started message processor OutboxProcessor on store Outbox/, 3);
  unlinkSync(join(artifacts, 'message-processors', 'OutboxProcessor.xml'));
  await rt.waitFor(/Message Processor named 'OutboxProcessor' has been undeployed/);

  assert.equal(rt.proc.pid, pid);
  assert.equal(rt.count(/Pass-through HTTP Listener started/), 1);
  await rt.kill('SIGTERM');
});
