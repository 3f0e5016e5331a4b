// Runs the extension's test suites inside a real VS Code extension host: code-server (VS Code's server and
// workbench, installed by setup.sh) loads the workbench in headless Chromium with the extension under
// development and the bundled suite; results come back through the smoke-test driver's console and exit hooks.
//
// Usage: node scripts/vscode-test/run.mjs [--fixture DIR] [--grep TEXT] [--timeout SECONDS] [--verbose]
//        [--suite FILE (default test/extension/suite/index.ts; bench/extension.ts runs its own)] [--skip-build]
// The fixture is copied to a fresh folder that becomes the workspace, so tests may write into it.
// Exits 0 when every test passed; prints "N passed, N failed" last.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: a } = parseArgs({
  options: {
    fixture: { type: 'string', default: path.join(root, 'samples/healthcare') },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    verbose: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    suite: { type: 'string', default: path.join(root, 'test/extension/suite/index.ts') },
  },
});
const t0 = Date.now();
const log = (...m) => console.log(`[vscode-test +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);

function loadEnv() {
  const envFile = path.join(root, '.vscode-test-env/env.sh');
  if (!existsSync(envFile)) execFileSync('bash', [path.join(root, 'scripts/vscode-test/setup.sh')], { stdio: 'inherit' });
  const env = {};
  for (const m of readFileSync(envFile, 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)) env[m[1]] = m[2];
  return env;
}
const { NODE24, CODE_SERVER_ENTRY } = loadEnv();

if (!a['skip-build']) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
// One output per suite, so a benchmark and the tests can run at the same time.
const suiteOut = path.join(root, 'out/extension-tests', `${path.relative(root, path.resolve(a.suite)).replace(/\.ts$/, '').replace(/[\\/]/g, '-')}.js`);
await build({
  entryPoints: [path.resolve(a.suite)],
  outfile: suiteOut,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'esbuild', 'esbuild-wasm', 'typescript'],
  logLevel: 'warning',
});

const tmp = mkdtempSync(path.join(tmpdir(), 'conduit-vscode-test-'));
const workspace = path.join(tmp, 'workspace', path.basename(a.fixture));
mkdirSync(path.dirname(workspace), { recursive: true });
if (existsSync(a.fixture)) cpSync(a.fixture, workspace, { recursive: true });
else mkdirSync(workspace, { recursive: true });

const freePort = () => new Promise((r) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const port = await freePort();
// code-server keeps sockets, caches and settings under XDG folders; point them into the run's own folder.
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'), XDG_CACHE_HOME: path.join(tmp, 'cache'),
  XDG_RUNTIME_DIR: path.join(tmp, 'run'), TMPDIR: path.join(tmp, 'run'),
  CONDUIT_TEST_GREP: a.grep ?? '',
  CONDUIT_TEST_ROOT: root,
};
mkdirSync(env.TMPDIR, { recursive: true });
mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
writeFileSync(path.join(tmp, 'ud', 'User', 'settings.json'), JSON.stringify({
  'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'git.enabled': false, 'github.gitAuthentication': false,
  'workbench.enableExperiments': false, 'security.workspace.trust.enabled': false,
}));
const server = spawn(NODE24, [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--vscode-option', 'enable-smoke-test-driver', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  '--disable-getting-started-override', '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext')],
  { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });

let browser;
let stopping = false;
let summary = { passed: 0, failed: 0 };
async function finish(code) {
  stopping = true;
  try { await browser?.close(); } catch {}
  // code-server forks the extension host, file watcher and pty host: end the whole process group.
  const exited = new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  try { process.kill(-server.pid, 'SIGTERM'); } catch {}
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  try { process.kill(-server.pid, 'SIGKILL'); } catch {}
  if (process.env.KEEP_TMP) log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  process.exit(code === 0 && summary.failed === 0 && summary.passed > 0 ? 0 : code || 1);
}
server.stderr.on('data', (d) => a.verbose && process.stderr.write('[server] ' + d));
await new Promise((res, rej) => {
  server.stdout.on('data', (d) => { if (a.verbose) process.stdout.write('[server] ' + d); if (/HTTP server listening/.test(d)) res(); });
  server.on('exit', (c) => rej(new Error('code-server exited ' + c)));
});
log(`code-server on port ${port}; workspace ${workspace}`);
let done;
const finished = new Promise((r) => (done = r));
server.on('exit', (c) => { if (!stopping) { log(`code-server died (${c})`); done(3); } });

browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.route((u) => !['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol.startsWith('http'), (r) => r.abort());
page.on('pageerror', (e) => a.verbose && log('pageerror', String(e).slice(0, 300)));
const NOISE = /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin|ENOTFOUND|Timed out waiting for authentication provider/;
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const line = format(...(args ?? [])).replace(/%c/g, '');
  const m = /^# (\d+) passed, (\d+) failed$/.exec(line.trim());
  if (m) summary = { passed: Number(m[1]), failed: Number(m[2]) };
  // A test asks for a picture of the workbench as it is now (the debugger's stop with its Variables view).
  const shot = /^# screenshot: ([\w-]+)$/.exec(line.trim());
  if (shot) {
    mkdirSync(path.join(root, 'test-results'), { recursive: true });
    void page.screenshot({ path: path.join(root, 'test-results', `${shot[1]}.png`) }).catch((e) => log('screenshot failed', String(e)));
  }
  if (a.verbose || (!NOISE.test(line.trim()) && /^(\s*[✔✖#]|\s+at |\s+\w*Error)/u.test(line))) (type === 'error' ? console.error : console.log)(line);
});
await page.exposeFunction('codeAutomationExit', (code) => done(code));

const host = `127.0.0.1:${port}`;
const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(suiteOut)],
  ['skipWelcome', 'true'], ['skipReleaseNotes', 'true'],
]);
await page.goto(`http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
log('workbench loading');
const timer = setTimeout(() => {
  log('TIMEOUT');
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  page.screenshot({ path: path.join(root, 'test-results/extension-tests-timeout.png') }).catch(() => {}).finally(() => done(2));
}, Number(a.timeout) * 1000);
const code = await finished;
clearTimeout(timer);
log(`extension host exited with code ${code}`);
await finish(code);
