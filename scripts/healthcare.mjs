// The main job, end to end: the store-and-forward healthcare sample on the Conduit runtime.
//
//   npm run healthcare [-- --port 8290] [-- --backend-port 9090] [-- --once] [-- --broker]
//
// Starts the tutorials' Hospital-Service back end, runs samples/healthcare with `conduit run` (its RabbitMQ
// message store served by the embedded durable store unless --broker is given), sends the tutorial's
// reservation, shows the client's answer and waits for the message processor to settle the payment.
// Then it keeps serving until Ctrl+C, or exits with --once (0 when the payment was settled).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8290' },
    'backend-port': { type: 'string', default: '9090' },
    once: { type: 'boolean', default: false },
    broker: { type: 'boolean', default: false },
    project: { type: 'string', default: join(root, 'samples', 'healthcare') },
  },
});

// The tutorial's reservation, also a sample request for users: samples/healthcare/reservation.json.
const RESERVATION = JSON.parse(readFileSync(join(root, 'samples', 'healthcare', 'reservation.json'), 'utf8'));

const children = [];
// With --once the sample's embedded stores live in a temporary folder, so a check leaves nothing behind.
const dataDir = opts.once ? mkdtempSync(join(tmpdir(), 'conduit-healthcare-')) : undefined;

function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const waits = children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null));
  Promise.all(waits).then(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  });
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

/** Spawns a Node program, echoes its output with a prefix, and resolves when `ready` matches a line. */
function start(label, args, ready, onLine = () => {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let settled = false;
    const lines = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        process.stdout.write(`${label} ${line}\n`);
        onLine(line);
        const m = ready.exec(line);
        if (m && !settled) {
          settled = true;
          resolve(m);
        }
      }
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`${label.trim()} exited with code ${code} before it was ready`));
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main() {
  const backendPort = Number(opts['backend-port']);
  if (backendPort !== 0 && !(await portFree(backendPort))) {
    throw new Error(`port ${backendPort} is in use; stop what holds it or pass --backend-port`);
  }
  const [, backendUrl] = await start('[hospital]', [join(root, 'dist', 'hospital-service.js'), '--port', String(backendPort)], /listening on (http:\/\/\S+)/);

  let settledLine;
  let onSettled;
  const settled = new Promise((r) => (onSettled = r));
  const args = [join(root, 'dist', 'cli.js'), 'run', opts.project, '--port', opts.port, '--management-port', '0'];
  if (!opts.broker) args.push('--embedded-broker');
  // The sample's endpoints name the tutorials' back end, http://localhost:9090.
  args.push('--endpoint-override', `http://localhost:9090=${backendUrl}`);
  if (dataDir) args.push('--data-dir', dataDir);
  const [, apiUrl] = await start('[conduit] ', args, /API HealthcareAPI is available at (http:\/\/\S+)/, (line) => {
    if (!settledLine && /"status":"Settled"/.test(line)) onSettled((settledLine = line));
  });

  const url = `${apiUrl}/categories/surgery/reserve`;
  console.log(`\n→ POST ${url}`);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(RESERVATION) });
  console.log(`← ${res.status} ${await res.text()}\n`);

  const timeout = new Promise((r) => setTimeout(r, 30_000, undefined));
  const line = await Promise.race([settled, timeout]);
  if (line) console.log('\n✔ the message processor settled the stored payment request (see the LogMediator line above)');
  else console.log('\n✘ no settlement was logged within 30 s');

  if (opts.once) return stopAll(line ? 0 : 1);
  console.log(`\nServing. Try:\n  curl -X POST ${url} -H 'Content-Type: application/json' -d '${JSON.stringify(RESERVATION)}'\nCtrl+C stops.`);
}

main().catch((err) => {
  console.error(`healthcare: ${err.message}`);
  stopAll(1);
});
