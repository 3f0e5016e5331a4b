// Drives the real VS Code workbench (code-server, headless Chromium) with the packaged extension installed
// the way a user installs it: the Conduit view shows the tutorial project, New Message Store runs from the
// command palette (the types the runtime does not run marked as written for MI), Export and Run serves the
// tutorial request, the Try It panel sends it too, New Scheduled Task picks the project's sequence, Open
// Diagram draws HealthcareAPI.xml beside its XML and a 300-mediator sequence zoomed out.
// Screenshots go to test-results/.
//
// Usage: node test/e2e/ui.mjs [--vsix out/conduit.vsix] [--keep]   (runs `npm run package` when out/conduit.vsix is missing)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

// How long one UI step may take. Generous: a machine busy with other test files can take seconds to
// render a quick-input message; these waits guard against hangs, they do not measure speed.
const STEP = 30000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packaged = path.join(root, 'out/conduit.vsix');
const { values: a } = parseArgs({ options: { vsix: { type: 'string', default: packaged }, keep: { type: 'boolean', default: false } } });
const shots = path.join(root, 'test-results');
mkdirSync(shots, { recursive: true });
const t0 = Date.now();
const log = (...m) => console.log(`[ui +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);
const freePort = () => new Promise((r) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });

const envFile = path.join(root, '.vscode-test-env/env.sh');
if (!existsSync(envFile)) execFileSync('bash', [path.join(root, 'scripts/vscode-test/setup.sh')], { stdio: 'inherit' });
const { NODE24, CODE_SERVER_ENTRY } = Object.fromEntries([...readFileSync(envFile, 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)].map((m) => [m[1], m[2]]));
// Built the way a user builds it; `npm run package` writes out/conduit.vsix only, so another --vsix must exist.
if (!existsSync(a.vsix)) {
  if (path.resolve(a.vsix) !== packaged) throw new Error(`${a.vsix} does not exist`);
  execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(path.join(root, 'dist/hospital-service.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

const tmp = mkdtempSync(path.join(tmpdir(), 'conduit-ui-'));
const children = [];
let rc = 0;
let browser;
try {
  // The tutorial's back end on a free port, and the workspace (a copy of the fixture) pointed at it.
  const hospitalPort = await freePort();
  const hospital = spawn(process.execPath, [path.join(root, 'dist/hospital-service.js'), '--port', String(hospitalPort)], { stdio: 'ignore' });
  children.push(hospital);
  const workspace = path.join(tmp, 'HealthcareIntegration');
  cpSync(path.join(root, 'samples/healthcare'), workspace, { recursive: true });
  const endpoints = path.join(workspace, 'src/main/wso2mi/artifacts/endpoints');
  for (const f of readdirSync(endpoints)) {
    const file = path.join(endpoints, f);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/localhost:9090/g, `localhost:${hospitalPort}`));
  }
  // A large sequence (300 mediators, some of them filters) for the diagram's zoomed-out picture.
  const big = Array.from({ length: 300 }, (_, i) => (i % 30 === 10
    ? `        <filter xpath="$ctx:step = ${i}">\n            <then><log level="custom"><property name="step" value="${i}"/></log></then>\n            <else><property name="skipped" value="${i}"/></else>\n        </filter>`
    : i % 3 === 0 ? `        <log level="custom"><property name="step" value="${i}"/></log>` : `        <property name="p${i}" value="${i}"/>`)).join('\n');
  writeFileSync(path.join(workspace, 'src/main/wso2mi/artifacts/sequences/LargeSequence.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<sequence xmlns="http://ws.apache.org/ns/synapse" name="LargeSequence">\n${big}\n</sequence>\n`);
  const runtimePort = await freePort();
  mkdirSync(path.join(workspace, '.vscode'));
  writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({ 'conduit.runtime.port': runtimePort, 'conduit.runtime.embeddedBroker': true }, null, 2));

  const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'), XDG_CACHE_HOME: path.join(tmp, 'cache'), XDG_RUNTIME_DIR: path.join(tmp, 'run'), TMPDIR: path.join(tmp, 'run') };
  mkdirSync(env.TMPDIR, { recursive: true });
  const common = ['--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext')];
  mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
  writeFileSync(path.join(tmp, 'ud', 'User', 'settings.json'), JSON.stringify({
    'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'git.enabled': false, 'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Dark Modern', 'security.workspace.trust.enabled': false,
    // An empty secondary side bar would only take room from the editors (and the Try It panel).
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  }));
  execFileSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', path.resolve(a.vsix)], { env, stdio: 'inherit' });

  const port = await freePort();
  const server = spawn(NODE24, [CODE_SERVER_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  children.push(server);
  await new Promise((res, rej) => { server.stdout.on('data', (d) => /HTTP server listening/.test(d) && res()); server.on('exit', (c) => rej(new Error('code-server exited ' + c))); });
  log('code-server on', port);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.route((u) => !['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol.startsWith('http'), (r) => r.abort());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  log('workbench rendered');

  const palette = async (command) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: STEP });
    await input.fill('>' + command);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: STEP });
    await page.keyboard.press('Enter');
  };
  const row = (text) => page.locator('.pane-body .monaco-list-row', { hasText: text }).first();

  // 1) The Conduit view container and its Project Explorer.
  await page.locator('.activitybar .action-item a[aria-label^="Conduit"]').first().click();
  await row('HealthcareIntegration').waitFor({ timeout: 60000 });
  await row('PaymentRequestMessageStore').waitFor({ timeout: 30000 });
  await row('HealthcareAPI').locator('.monaco-tl-twistie').click();
  await row('/categories/{category}/reserve').waitFor({ timeout: STEP });
  log('explorer:', (await page.locator('.pane-body .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\n/g, ' ')).join(' | '));
  await page.screenshot({ path: path.join(shots, '01-project-explorer.png') });

  // 2) New Message Store from the palette: type, name, then the RabbitMQ fields with their defaults.
  await palette('Conduit: New Message Store');
  // The embedded store is offered; the types the runtime does not run say so under their name.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Embedded (Conduit)' }).first().waitFor({ timeout: STEP });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Written for MI' }).first().waitFor({ timeout: STEP });
  await page.screenshot({ path: path.join(shots, '02a-store-types.png') });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'RabbitMQ' }).first().click();
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-title', { hasText: 'Message store name' }).waitFor({ timeout: STEP });
  await input.fill('OrdersStore');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Host name' }).waitFor({ timeout: STEP });
  // Back returns to the name step with the answer kept.
  await page.locator('.quick-input-widget .codicon-quick-input-back').click();
  await page.locator('.quick-input-widget', { hasText: 'Message store name' }).waitFor({ timeout: STEP });
  if ((await input.inputValue()) !== 'OrdersStore') throw new Error(`Back lost the name: "${await input.inputValue()}"`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Host name' }).waitFor({ timeout: STEP });
  await page.keyboard.press('Enter'); // host name: default
  // Typed before the port step shows, the text would land in the host name step or be replaced by the default.
  await page.locator('.quick-input-title', { hasText: 'Port' }).waitFor({ timeout: STEP });
  await input.fill('99999');
  await page.locator('.quick-input-message', { hasText: 'port' }).waitFor({ timeout: STEP });
  await page.screenshot({ path: path.join(shots, '02-wizard-validation.png') });
  await input.fill('5672');
  await page.keyboard.press('Enter');
  // Accept every remaining default (text fields and choices alike) until the wizard closes.
  const widget = page.locator('.quick-input-widget');
  for (let i = 0; i < 12; i++) {
    await page.waitForTimeout(400);
    if (!(await widget.isVisible())) break;
    await input.press('Enter');
  }
  await page.locator('.tab', { hasText: 'OrdersStore.xml' }).waitFor({ timeout: STEP });
  await row('OrdersStore').waitFor({ timeout: STEP });
  const written = readFileSync(path.join(workspace, 'src/main/wso2mi/artifacts/message-stores/OrdersStore.xml'), 'utf8');
  if (!written.includes('RabbitMQStore') || !written.includes('<parameter name="store.rabbitmq.host.port">5672</parameter>')) throw new Error('unexpected store XML:\n' + written);
  log('New Message Store wrote OrdersStore.xml');
  await page.screenshot({ path: path.join(shots, '03-new-message-store.png') });

  // 3) Export and Run from the palette; the status bar shows the runtime; the tutorial request is served.
  await palette('Conduit: Export and Run');
  await page.locator('.statusbar-item', { hasText: `Conduit :${runtimePort}` }).waitFor({ timeout: 60000 });
  log('runtime running on', runtimePort);
  const res = await fetch(`http://127.0.0.1:${runtimePort}/healthcare/categories/surgery/reserve`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: readFileSync(path.join(root, 'samples/healthcare/reservation.json'), 'utf8'),
  });
  const body = await res.text();
  if (res.status !== 200 || !body.includes('Payment request successfully submitted')) throw new Error(`tutorial request: ${res.status} ${body}`);
  log('tutorial request answered:', body);
  await palette('Conduit: Show Runtime Output');
  await page.locator('.monaco-editor .view-line', { hasText: 'Settled' }).first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, '04-export-and-run.png') });

  // 3b) Try It on the reserve resource while the runtime runs: the panel's inline button opens a webview;
  //     fill the path variable and the body, press Send, and the answer's status shows in the panel.
  await palette('View: Hide Panel');
  const reserve = row('/categories/{category}/reserve');
  await reserve.hover();
  await reserve.locator('.action-label[aria-label="Try It"]').click();
  await page.locator('.tab', { hasText: 'Try /categories/{category}/reserve' }).waitFor({ timeout: STEP });
  const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const field = (id) => panel.locator(`[data-testid="${id}"]`);
  await field('var-category').fill('surgery', { timeout: STEP });
  await field('body').fill(JSON.stringify(JSON.parse(readFileSync(path.join(root, 'samples/healthcare/reservation.json'), 'utf8')), null, 2));
  const shown = await field('url').innerText();
  if (shown !== `http://localhost:${runtimePort}/healthcare/categories/surgery/reserve`) throw new Error(`the panel shows the URL ${shown}`);
  await field('send').click();
  await field('status').filter({ hasText: '200 OK' }).waitFor({ timeout: STEP });
  const answered = await field('response-body').innerText();
  if (!answered.includes('Payment request successfully submitted')) throw new Error(`Try It answer: ${answered}`);
  log('Try It answered in the panel:', answered.replace(/\s+/g, ' '));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, '04b-try-it-panel.png') });

  // 4) Stop: the status bar item goes away.
  await palette('Conduit: Stop Runtime');
  await page.locator('.statusbar-item', { hasText: `Conduit :${runtimePort}` }).waitFor({ state: 'detached', timeout: 30000 });
  const stillListening = await new Promise((r) => net.connect(runtimePort, '127.0.0.1').once('connect', () => r(true)).once('error', () => r(false)));
  if (stillListening) throw new Error('the runtime still listens after Stop');
  log('stopped');

  // 5) New Scheduled Task from the palette: trigger, name, a cron refused as typed, then the project's
  //    sequence picked from the list and a JSON message. The task shows under Scheduled Tasks.
  await palette('Conduit: New Scheduled Task');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Cron' }).first().click();
  await page.locator('.quick-input-widget', { hasText: 'Scheduled task name' }).waitFor({ timeout: STEP });
  await input.fill('NightlyReport');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Quartz cron expression' }).waitFor({ timeout: STEP });
  await input.fill('*/5 * * * *');
  await page.locator('.quick-input-message', { hasText: '6 or 7 fields' }).waitFor({ timeout: STEP });
  await page.screenshot({ path: path.join(shots, '05-task-cron-validation.png') });
  await input.fill('0 30 1 * * ?');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'PaymentRequestProcessingSequence' }).first().click();
  await page.locator('.quick-input-widget', { hasText: 'Message (JSON or XML)' }).waitFor({ timeout: STEP });
  await input.fill('{"report": "nightly"}');
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'NightlyReport.xml' }).waitFor({ timeout: STEP });
  await row('NightlyReport').waitFor({ timeout: STEP });
  const task = readFileSync(path.join(workspace, 'src/main/wso2mi/artifacts/tasks/NightlyReport.xml'), 'utf8');
  if (!task.includes('<trigger cron="0 30 1 * * ?"/>') || !task.includes('<report>nightly</report>') || !task.includes('value="PaymentRequestProcessingSequence"')) {
    throw new Error('unexpected task XML:\n' + task);
  }
  log('New Scheduled Task wrote NightlyReport.xml');
  await page.screenshot({ path: path.join(shots, '06-new-scheduled-task.png') });

  // 6) Open Diagram from the editor title beside HealthcareAPI.xml; a click on the switch selects its XML.
  await palette('View: Close All Editors');
  const openFile = async (name) => {
    await palette('Go to File');
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP });
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: name }).waitFor({ timeout: STEP });
  };
  const openDiagram = async (name, steps) => {
    await page.locator('.editor-actions .action-label[aria-label="Open Diagram"]').first().click({ timeout: STEP });
    await page.locator('.tab', { hasText: `Diagram: ${name}` }).waitFor({ timeout: STEP });
    const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    await view.locator('.node.step').nth(steps - 1).waitFor({ timeout: STEP });
    return view;
  };
  await palette('View: Close Primary Side Bar');
  await openFile('HealthcareAPI.xml');
  const diagram = await openDiagram('HealthcareAPI.xml', 27);
  await diagram.locator('.node.step', { hasText: 'switch' }).first().click();
  await page.locator('.editor-group-container.active .tab.active', { hasText: 'HealthcareAPI.xml' }).waitFor({ timeout: STEP });
  await diagram.locator('.node.step.selected', { hasText: 'switch' }).waitFor({ timeout: STEP });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, '07-diagram-beside-xml.png') });
  log('Open Diagram drew HealthcareAPI.xml beside its XML');

  // 7) The 300-mediator sequence, zoomed out to the whole flow, its minimap showing where the view is.
  await palette('View: Close All Editors');
  await openFile('LargeSequence.xml');
  const large = await openDiagram('LargeSequence.xml', 320);
  for (let i = 0; i < 6; i++) await large.locator('#zoom-out').click();
  await large.locator('#minimap:not([hidden])').waitFor({ timeout: STEP });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, '08-diagram-large-sequence.png') });
  log('Open Diagram drew the 300-mediator sequence');
} catch (e) {
  rc = 1;
  console.error('UI TEST FAILED:', e.message);
  try { const p = browser?.contexts()[0]?.pages()[0]; if (p) await p.screenshot({ path: path.join(shots, 'ui-failure.png') }); } catch {}
} finally {
  try { await browser?.close(); } catch {}
  for (const c of children.reverse()) {
    const exited = new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)));
    try { process.kill(c.spawnargs.includes('--auth') ? -c.pid : c.pid, 'SIGTERM'); } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try { process.kill(c.spawnargs.includes('--auth') ? -c.pid : c.pid, 'SIGKILL'); } catch {}
  }
  if (!a.keep) rmSync(tmp, { recursive: true, force: true });
}
log(rc === 0 ? 'passed' : 'failed');
process.exit(rc);
