import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import yauzl from 'yauzl';
import { loadProject } from '../../../src/model/project';
import { send } from '../../../src/extension/try-it/http-request';
import reservation from '../../../samples/healthcare/reservation.json';
import { suite, test } from './harness';
import { api, freePort, tutorialBackEnd, until, workspaceRoot } from './helpers';

function readZipEntry(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${file}`)));
      zip.readEntry();
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

suite('export and run', () => {
  test('Export writes target/<name>_<version>.car whose artifacts.xml lists every artifact', async () => {
    const result = await vscode.commands.executeCommand<{ file: string; artifacts: string[] }>('conduit.export');
    assert.equal(path.dirname(result.file), path.join(workspaceRoot(), 'target'));
    assert.match(path.basename(result.file), /^HealthcareIntegration_1\.0\.0\.car$/);
    const descriptor = await readZipEntry(result.file, 'artifacts.xml');
    const project = await loadProject(workspaceRoot());
    for (const a of project.artifacts) assert.match(descriptor, new RegExp(`<dependency artifact="${a.name}"`), a.name);
  });

  test('Export and Run serves the tutorial request, logs to the output, redeploys on save without a restart, and Stop leaves no process', async () => {
    const a = await api();
    const { hospital, port } = await tutorialBackEnd();

    const started = await vscode.commands.executeCommand<{ port: number; pid: number }>('conduit.exportAndRun');
    assert.equal(started.port, port);
    assert.ok(a.runtime.running);

    const res = await send({
      method: 'POST',
      url: `http://localhost:${port}/healthcare/categories/surgery/reserve`,
      headers: { 'content-type': 'application/json' },
      // The flat input the tutorial's data mapper expects (RequestMapping_inputSchema.json).
      body: JSON.stringify(reservation),
    });
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /Payment request successfully submitted/);
    await hospital.waitForPayments(1);
    // The processor's sequence logs the settlement (MI's log format) and the output channel receives it.
    await until(() => /Settled/.test(a.runtime.output), 'the settlement log line');

    // The management API took a free port (conduit.runtime.managementPort defaults to 0) and the output says which.
    const management = /Management API started on http:\/\/127\.0\.0\.1:(\d+)/.exec(a.runtime.output);
    assert.ok(management, 'the runtime logged its management port');
    await until(() => a.runtime.managementPort, 'the session to read the management port');
    assert.equal(a.runtime.managementPort, Number(management[1]));
    assert.match(a.runtime.output, new RegExp(`Conduit management API on port ${management[1]}`));

    // Saving an artifact while it runs redeploys that artifact in the same runtime process: no restart.
    const count = (re: RegExp) => a.runtime.output.match(new RegExp(re.source, 'g'))?.length ?? 0;
    const firstPid = a.runtime.pid!;
    const listenerLine = /Pass-through HTTP Listener started/;
    const deployedLine = /API named 'HealthcareAPI' has been deployed from file : /;
    const listeners = count(listenerLine);
    const deployed = count(deployedLine);
    assert.equal(listeners, 1);
    const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/apis/HealthcareAPI.xml'));
    const editor = await vscode.window.showTextDocument(doc);
    const queryDoctor = doc.getText().indexOf('<inSequence>', doc.getText().indexOf('uri-template="/querydoctor/{category}"')) + '<inSequence>'.length;
    await editor.edit((e) => e.insert(doc.positionAt(queryDoctor), '\n            <log level="custom"><property name="redeployed" value="yes"/></log>'));
    await doc.save();
    await until(() => count(deployedLine) > deployed, 'the API to be redeployed after the save');
    assert.ok(a.runtime.running);
    assert.equal(a.runtime.pid, firstPid, 'the same runtime process serves after the save');
    assert.equal(count(listenerLine), listeners, 'the listener was not started again');
    assert.doesNotMatch(a.runtime.output, /Conduit runtime exited/);

    // Try it on the GET resource, through the same command the tree item's inline button runs.
    const resource = a.allNodes().find((n) => n.type === 'resource' && n.artifact.name === 'HealthcareAPI' && n.path === '/querydoctor/{category}')!;
    assert.ok(resource, 'the GET /querydoctor/{category} resource is in the tree');
    let lastError = '';
    const tried = await until(
      async () => {
        try {
          return await vscode.commands.executeCommand<{ status: number; body: string }>('conduit.tryIt', resource, { values: { category: 'surgery' } });
        } catch (err) {
          lastError = (err as Error).message;
          return undefined;
        }
      },
      'Try it to get an answer from the running runtime',
    ).catch((err: Error) => assert.fail(`${err.message}: ${lastError}`));
    assert.equal(tried.status, 200, tried.body);
    assert.match(tried.body, /thomas collins/);
    // The request ran through the saved version of the API, in the process that ran before the save.
    await until(() => /redeployed = yes/.test(a.runtime.output), 'the redeployed resource to log its new line');
    assert.equal(a.runtime.pid, firstPid);

    const pid = a.runtime.pid!;
    await vscode.commands.executeCommand('conduit.stop');
    assert.equal(a.runtime.running, false);
    assert.equal(alive(pid), false, `runtime ${pid} is gone`);
    // Nothing of its process group survives either.
    assert.throws(() => process.kill(-pid, 0));
    assert.equal(await new Promise((r) => net.connect(port, '127.0.0.1').once('connect', () => r(true)).once('error', () => r(false))), false);
  });

  test('changing a runtime setting while it runs offers a restart, and Restart runs it again with the new value', async () => {
    const a = await api();
    await tutorialBackEnd();
    await vscode.commands.executeCommand('conduit.exportAndRun');
    const firstPid = a.runtime.pid!;
    const newPort = await freePort();
    await vscode.workspace.getConfiguration('conduit').update('runtime.port', newPort, vscode.ConfigurationTarget.Workspace);
    // The offer's first button is Restart; the workbench's own command presses it, as a user would.
    await until(async () => {
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      return !a.runtime.running || a.runtime.pid !== firstPid;
    }, 'the restart offer to be accepted');
    await until(() => a.runtime.running && a.runtime.managementPort !== undefined, 'the restarted runtime to listen');
    assert.notEqual(a.runtime.pid, firstPid);
    assert.equal(a.runtime.port, newPort);
    assert.equal(alive(firstPid), false, `the first runtime ${firstPid} is gone`);
    await vscode.commands.executeCommand('conduit.stop');
  });
});

suite('refused artifacts', () => {
  test('what the runtime refuses shows in the status bar and the explorer, and a request to a refused API is told why', async () => {
    const a = await api();
    const { port } = await tutorialBackEnd();
    const file = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/apis/ReportsAPI.xml');
    // dbreport runs in MI and not in Conduit: the API is refused as unsupported.
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="http://ws.apache.org/ns/synapse" name="ReportsAPI" context="/reports">
    <resource methods="GET" uri-template="/daily">
        <inSequence>
            <dbreport>
                <connection><pool><driver>org.h2.Driver</driver><url>jdbc:h2:mem:reports</url><user>sa</user><password></password></pool></connection>
                <statement><sql>INSERT INTO visits VALUES (1)</sql></statement>
            </dbreport>
            <respond/>
        </inSequence>
    </resource>
</api>
`,
    );
    try {
      await until(() => a.allNodes().find((n) => n.type === 'artifact' && n.artifact.name === 'ReportsAPI'), 'ReportsAPI in the explorer');
      await vscode.commands.executeCommand('conduit.exportAndRun');
      const refused = a.runtime.refused.find((r) => r.name === 'ReportsAPI');
      assert.ok(refused, `ReportsAPI among the refused: ${a.runtime.refused.map((r) => r.name).join(', ')}`);
      assert.equal(refused.code, 'CONDUIT_UNSUPPORTED');
      assert.match(a.ctx.statusBar.text, new RegExp(`Conduit :${port} · ${a.runtime.refused.length} not running`));
      assert.match(String(a.ctx.statusBar.tooltip), /Not running: .*ReportsAPI/);

      const node = a.allNodes().find((n) => n.type === 'artifact' && n.artifact.name === 'ReportsAPI')!;
      const item = a.explorer.getTreeItem(node);
      assert.equal(item.description, 'not running');
      assert.match((item.tooltip as vscode.MarkdownString).value, /is not running: the runtime refused it[\s\S]*dbreport/);
      const healthcare = a.explorer.getTreeItem(a.allNodes().find((n) => n.type === 'artifact' && n.artifact.name === 'HealthcareAPI')!);
      assert.doesNotMatch(String(healthcare.description ?? ''), /not running/);

      const res = await send({ method: 'GET', url: `http://127.0.0.1:${port}/reports/daily` });
      assert.equal(res.status, 404);
      const { error } = JSON.parse(res.body) as { error: { code: string; api: string; message: string } };
      assert.equal(error.code, 'CONDUIT_DEPLOY_FAILED');
      assert.equal(error.api, 'ReportsAPI');
      assert.match(error.message, /is not running: CONDUIT_UNSUPPORTED <dbreport>/);
      await vscode.commands.executeCommand('conduit.projectExplorer.focus');
      await new Promise((r) => setTimeout(r, 1000));
      console.log('# screenshot: refused-artifact');
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      rmSync(file, { force: true });
      await vscode.commands.executeCommand('conduit.stop');
    }
    assert.equal(a.runtime.refused.length, 0, 'a stopped runtime refuses nothing');
  });
});

suite('no broker', () => {
  test('a RabbitMQ store whose broker does not answer offers the embedded store, and taking it restarts the runtime with it', async () => {
    const a = await api();
    await tutorialBackEnd();
    const cfg = () => vscode.workspace.getConfiguration('conduit');
    await cfg().update('runtime.embeddedBroker', false, vscode.ConfigurationTarget.Workspace);
    const noBroker = await freePort();
    const file = path.join(workspaceRoot(), 'src/main/wso2mi/artifacts/message-stores/OfflineStore.xml');
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<messageStore xmlns="http://ws.apache.org/ns/synapse" name="OfflineStore" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore">
    <parameter name="store.rabbitmq.host.name">127.0.0.1</parameter>
    <parameter name="store.rabbitmq.host.port">${noBroker}</parameter>
    <parameter name="store.rabbitmq.username">guest</parameter>
    <parameter name="store.rabbitmq.password">guest</parameter>
    <parameter name="store.rabbitmq.queue.name">offline</parameter>
</messageStore>
`,
    );
    try {
      await vscode.commands.executeCommand('conduit.exportAndRun');
      const firstPid = a.runtime.pid;
      await until(() => /CONDUIT_STORE_UNAVAILABLE message store OfflineStore: .* is not reachable/.test(a.runtime.output) || undefined, 'the store to find no broker');
      // The offer's first button takes the embedded store; other notifications (refusals) may be on top of it.
      await until(async () => {
        await vscode.commands.executeCommand('notification.acceptPrimaryAction');
        return cfg().get<boolean>('runtime.embeddedBroker') === true || undefined;
      }, 'the embedded-store offer to be accepted');
      await until(() => (a.runtime.running && a.runtime.pid !== firstPid && a.runtime.managementPort !== undefined) || undefined, 'the runtime to restart');
      await until(() => /message store OfflineStore: RabbitMQ store served by the embedded durable store/.test(a.runtime.output) || undefined, 'OfflineStore on the embedded store');
    } finally {
      rmSync(file, { force: true });
      await vscode.commands.executeCommand('conduit.stop');
      await cfg().update('runtime.embeddedBroker', true, vscode.ConfigurationTarget.Workspace);
    }
  });
});
