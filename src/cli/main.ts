/**
 * `conduit run | validate | export | stores | store | processors | processor`: a thin command line
 * over the model, the runtime and a running runtime's management API.
 *
 *   conduit run <project-dir|file.car> [--port N] [--host H] [--embedded-broker] [--log-level L]
 *               [--management-port N] [--endpoint-override FROM=TO]... [--watch]
 *   conduit validate <project>
 *   conduit test <project> [suite-file ...] [--junit <report.xml>]
 *   conduit export <project> [--out dir]
 *   conduit stores [project] [--json]
 *   conduit store browse|purge <name> [--project dir] [--limit N]
 *   conduit processors [project] [--json]
 *   conduit status [project] [--json]
 *   conduit processor activate|deactivate <name> [--project dir]
 *   conduit diagram <artifact.xml> [--resource <uri-template>] --out <file.svg>
 *
 * Exit codes: 0 success, 1 problems found or the command failed, 2 wrong usage.
 */
import { relative } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serveDebugAdapter, serveDebugPort } from './debug-adapter';
import { DIAGRAM_USAGE, diagramCommand } from './diagram';

/** Where `conduit run --debug` takes debugger attach connections unless --debug-port says otherwise. */
const DEFAULT_DEBUG_PORT = 9165;
import type { MessageTrace } from '../runtime/debug/message-trace';
import { parseArgs } from 'node:util';
import { ConduitError, formatProblem } from '../model/errors';
import { exportCar } from '../model/car';
import { loadProject } from '../model/project';
import { validateProject } from '../model/validate';
import { ConsoleLogger, type LogLevel } from '../runtime/logger';
import { DEFAULT_MANAGEMENT_PORT, type ServerStatus } from '../runtime/management/server';
import { createRuntime } from '../runtime/runtime';
import { locateManagement, manage, table } from './management-client';
import { testCommand } from './unit-test';

const USAGE = `usage:
  conduit run <project-dir|file.car> [--port N] [--host H] [--embedded-broker] [--log-level TRACE|DEBUG|INFO|WARN|ERROR]
              [--management-port N (default ${DEFAULT_MANAGEMENT_PORT}, 0 = any)] [--endpoint-override <from-url>=<to-url>]...
              [--data-dir DIR (embedded stores; default <project>/.conduit/stores)] [--watch (redeploy an artifact when its file changes)]
              [--trace (record each request's mediators; see conduit traces)]
              [--debug [--debug-port N (default 9165, 0 = any)] (take debugger attach connections)]
  conduit debug-adapter   (the Debug Adapter Protocol on stdin/stdout, for debug type "conduit")
  conduit validate <project-dir|file.car>
  conduit test <project-dir> [suite-file ...] [--junit <report.xml>]   (MI unit-test suites; exit 0 passed, 1 a case failed, 2 a suite could not run)
  conduit export <project-dir> [--out <dir|file.car>]
  conduit stores [project-dir] [--json]
  conduit store browse <name> [--project <dir>] [--limit N]
  conduit store purge <name> [--project <dir>]
  conduit processors [project-dir] [--json]
  conduit processor activate|deactivate <name> [--project <dir>]
  conduit traces [project-dir] [--json] [--id N (one trace, each mediator with the payload after it)]
  conduit status [project-dir] [--json] [--gc (collect garbage first; the runtime needs node --expose-gc)]
${DIAGRAM_USAGE}`;

const LEVELS = new Set<LogLevel>(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

async function test(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { junit: { type: 'string' } } });
  if (positionals.length < 1) fail('test needs a project folder, then optionally suite files');
  return testCommand(positionals[0], positionals.slice(1), values.junit, (line) => console.log(line));
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'embedded-broker': { type: 'boolean' },
      'log-level': { type: 'string' },
      'management-port': { type: 'string' },
      'endpoint-override': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      watch: { type: 'boolean' },
      trace: { type: 'boolean' },
      debug: { type: 'boolean' },
      'debug-port': { type: 'string' },
    },
  });
  if (positionals.length !== 1) fail('run needs exactly one project folder or .car file');
  if (values.watch && positionals[0].toLowerCase().endsWith('.car')) fail('--watch needs a project folder; a .car file does not change while it runs');
  const port = values.port === undefined ? 8290 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port number`);
  const level = (values['log-level'] ?? 'INFO').toUpperCase() as LogLevel;
  if (!LEVELS.has(level)) fail(`--log-level ${values['log-level']} is not one of ${[...LEVELS].join(', ')}`);
  const managementPort = values['management-port'] === undefined ? DEFAULT_MANAGEMENT_PORT : Number(values['management-port']);
  if (!Number.isInteger(managementPort) || managementPort < 0 || managementPort > 65535) fail(`--management-port ${values['management-port']} is not a port number`);
  const endpointOverrides: Record<string, string> = {};
  for (const o of values['endpoint-override'] ?? []) {
    const eq = o.indexOf('=');
    if (eq <= 0 || eq === o.length - 1) fail(`--endpoint-override ${o} is not <from-url>=<to-url>`);
    endpointOverrides[o.slice(0, eq)] = o.slice(eq + 1);
  }

  const logger = new ConsoleLogger(level);
  const project = await loadProject(positionals[0]);
  const runtime = createRuntime({
    logger,
    port,
    host: values.host ?? '127.0.0.1',
    embeddedBroker: values['embedded-broker'],
    endpointOverrides,
    management: { port: managementPort },
    dataDir: values['data-dir'],
    trace: values.trace,
  });
  const debugPort = values['debug-port'] === undefined ? DEFAULT_DEBUG_PORT : Number(values['debug-port']);
  if (!Number.isInteger(debugPort) || debugPort < 0 || debugPort > 65535) fail(`--debug-port ${values['debug-port']} is not a port number`);
  if (values.debug && values.trace) fail('--debug and --trace cannot be combined yet: the runtime takes one observer');
  const report = await runtime.deploy(project);
  await runtime.start();
  const debugServer = values.debug
    ? await serveDebugPort(runtime, debugPort).catch((err: Error) => {
        logger.log('ERROR', 'Conduit', `the debugger attach port ${debugPort} could not be opened (${err.message}); the project runs without it (choose another with --debug-port)`);
        return undefined;
      })
    : undefined;
  if (debugServer) logger.log('INFO', 'Conduit', `debugger attach port ${(debugServer.address() as AddressInfo).port} on 127.0.0.1 ("request": "attach" of debug type conduit)`);
  const watcher = values.watch ? await runtime.watch(project) : undefined;
  if (watcher) logger.log('INFO', 'Conduit', `watching ${watcher.folders} folders of ${project.root}: a saved artifact is redeployed without a restart`);
  const count = (kind: string, label: string) => {
    const n = report.deployed.filter((d) => d.startsWith(`${kind}:`)).length;
    return n > 0 ? [`${n} ${label}${n === 1 ? '' : 's'}`] : [];
  };
  const kinds = [...count('task', 'scheduled task'), ...count('inboundEndpoint', 'inbound endpoint')];
  const detail = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
  logger.log('INFO', 'Conduit', `${report.deployed.length} artifacts deployed${detail}, ${report.failed.length} refused; press Ctrl+C to stop`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log('INFO', 'Conduit', `${signal} received, stopping`);
      debugServer?.close();
      runtime
        .stop()
        .then(resolve, (err: unknown) => {
          logger.log('ERROR', 'Conduit', `stopping failed: ${err instanceof Error ? err.message : String(err)}`);
          resolve();
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

async function validate(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) fail('validate needs exactly one project folder or .car file');
  const project = await loadProject(positionals[0]);
  const problems = validateProject(project);
  for (const p of problems) process.stdout.write(formatProblem(p) + '\n');
  const errors = problems.filter((p) => p.severity === 'error').length;
  process.stdout.write(`${project.artifacts.length} artifacts, ${errors} errors, ${problems.length - errors} warnings\n`);
  return errors > 0 ? 1 : 0;
}

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1) fail('export needs exactly one project folder');
  const project = await loadProject(positionals[0]);
  const errors = validateProject(project).filter((p) => p.severity === 'error');
  for (const p of errors) process.stderr.write(formatProblem(p) + '\n');
  const { file, artifacts } = await exportCar(project, values.out ?? process.cwd());
  process.stdout.write(`${file} (${artifacts.length} artifacts)\n`);
  return 0;
}

interface StoreRow {
  name: string;
  kind: string;
  size: number | null;
  error?: string;
}

interface ProcessorRow {
  name: string;
  kind: string;
  store: string;
  state: string;
}

async function stores(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length > 1) fail('stores takes at most one project folder');
  const rows = await manage<StoreRow[]>(await locateManagement(positionals[0] ?? '.'), 'GET', '/stores');
  if (values.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(table(['NAME', 'KIND', 'SIZE'], rows.map((r) => [r.name, r.kind, r.size ?? `unavailable: ${r.error ?? ''}`])));
  return 0;
}

async function store(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { project: { type: 'string' }, limit: { type: 'string' } } });
  const [action, name] = positionals;
  if (positionals.length !== 2 || (action !== 'browse' && action !== 'purge')) fail('usage: conduit store browse|purge <name>');
  const conn = await locateManagement(values.project ?? '.');
  const path = `/stores/${encodeURIComponent(name!)}/messages`;
  if (action === 'purge') {
    const r = await manage<{ purged: number }>(conn, 'DELETE', path);
    process.stdout.write(`purged ${r.purged} messages from ${name}\n`);
    return 0;
  }
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) fail(`--limit ${values.limit} is not a positive whole number`);
  const messages = await manage<unknown[]>(conn, 'GET', `${path}?limit=${limit}`);
  process.stdout.write(JSON.stringify(messages, null, 2) + '\n');
  return 0;
}

async function processors(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length > 1) fail('processors takes at most one project folder');
  const rows = await manage<ProcessorRow[]>(await locateManagement(positionals[0] ?? '.'), 'GET', '/processors');
  if (values.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(table(['NAME', 'KIND', 'STORE', 'STATE'], rows.map((r) => [r.name, r.kind, r.store, r.state])));
  return 0;
}

async function traces(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, id: { type: 'string' } } });
  if (positionals.length > 1) fail('traces takes at most one project folder');
  const conn = await locateManagement(positionals[0] ?? '.');
  if (values.id !== undefined) {
    if (!/^\d+$/.test(values.id)) fail(`--id ${values.id} is not a trace number`);
    const trace = await manage<MessageTrace>(conn, 'GET', `/traces/${values.id}`);
    if (values.json) process.stdout.write(JSON.stringify(trace, null, 2) + '\n');
    else process.stdout.write(table(['#', 'MEDIATOR', 'AT', 'MS', 'PAYLOAD AFTER'], trace.steps.map((s, i) => [i + 1, `${'  '.repeat(s.depth - 1)}${s.mediator}`, `${relative('.', s.file)}:${s.line}`, s.ms ?? '', (s.error ? `fault: ${s.error}` : (s.after?.payload.text ?? '')).slice(0, 60)])));
    return 0;
  }
  const rows = await manage<Array<{ id: number; name: string; started: string; steps: number }>>(conn, 'GET', '/traces');
  if (values.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(table(['ID', 'STARTED', 'STEPS', 'REQUEST'], rows.map((r) => [r.id, r.started, r.steps, r.name])));
  return 0;
}

async function processor(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { project: { type: 'string' } } });
  const [action, name] = positionals;
  if (positionals.length !== 2 || (action !== 'activate' && action !== 'deactivate')) fail('usage: conduit processor activate|deactivate <name>');
  const conn = await locateManagement(values.project ?? '.');
  const r = await manage<{ name: string; state: string }>(conn, 'POST', `/processors/${encodeURIComponent(name!)}/${action}`);
  process.stdout.write(`${r.name} ${r.state}\n`);
  return 0;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function status(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, gc: { type: 'boolean' } } });
  if (positionals.length > 1) fail('status takes at most one project folder');
  const s = await manage<ServerStatus>(await locateManagement(positionals[0] ?? '.'), 'GET', values.gc ? '/server?gc=true' : '/server');
  if (values.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  else {
    const heap = `${mib(s.memory.heapUsed)} used of ${mib(s.memory.heapTotal)}${s.collected ? ' after a full collection' : ''}`;
    const rows: Array<[string, string | number]> = [
      ['pid', s.pid],
      ['node', s.node],
      ['uptime', `${s.uptimeSeconds} s`],
      ['heap', heap],
      ['resident', mib(s.memory.rss)],
    ];
    process.stdout.write(rows.map(([k, v]) => `${k.padEnd(10)}${v}\n`).join(''));
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await run(rest);
      case 'test':
        return await test(rest);
      case 'validate':
        return await validate(rest);
      case 'debug-adapter':
        return await serveDebugAdapter();
      case 'export':
        return await exportCommand(rest);
      case 'stores':
        return await stores(rest);
      case 'store':
        return await store(rest);
      case 'processors':
        return await processors(rest);
      case 'status':
        return await status(rest);
      case 'processor':
        return await processor(rest);
      case 'traces':
        return await traces(rest);
      case 'diagram':
        return await diagramCommand(rest, fail);
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      default:
        fail(command ? `unknown command ${command}` : 'no command given');
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`conduit: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ConduitError) {
      process.stderr.write(`conduit: error ${err.code} ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`conduit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
