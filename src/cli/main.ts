/**
 * `conduit run | validate | export`: a thin command line over the model and the runtime.
 *
 *   conduit run <project-dir|file.car> [--port N] [--host H] [--embedded-broker] [--log-level L]
 *   conduit validate <project>
 *   conduit export <project> [--out dir]
 *
 * Exit codes: 0 success, 1 problems found or the command failed, 2 wrong usage.
 */
import { parseArgs } from 'node:util';
import { ConduitError, formatProblem } from '../model/errors';
import { exportCar } from '../model/car';
import { loadProject } from '../model/project';
import { validateProject } from '../model/validate';
import { ConsoleLogger, type LogLevel } from '../runtime/logger';
import { createRuntime } from '../runtime/runtime';

const USAGE = `usage:
  conduit run <project-dir|file.car> [--port N] [--host H] [--embedded-broker] [--log-level TRACE|DEBUG|INFO|WARN|ERROR]
  conduit validate <project-dir|file.car>
  conduit export <project-dir> [--out <dir|file.car>]`;

const LEVELS = new Set<LogLevel>(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
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
    },
  });
  if (positionals.length !== 1) fail('run needs exactly one project folder or .car file');
  const port = values.port === undefined ? 8290 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port number`);
  const level = (values['log-level'] ?? 'INFO').toUpperCase() as LogLevel;
  if (!LEVELS.has(level)) fail(`--log-level ${values['log-level']} is not one of ${[...LEVELS].join(', ')}`);

  const logger = new ConsoleLogger(level);
  const project = await loadProject(positionals[0]);
  const runtime = createRuntime({ logger, port, host: values.host ?? '127.0.0.1', embeddedBroker: values['embedded-broker'] });
  const report = await runtime.deploy(project);
  await runtime.start();
  logger.log('INFO', 'Conduit', `${report.deployed.length} artifacts deployed, ${report.failed.length} refused; press Ctrl+C to stop`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log('INFO', 'Conduit', `${signal} received, stopping`);
      runtime.stop().then(resolve, (err: unknown) => {
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

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await run(rest);
      case 'validate':
        return await validate(rest);
      case 'export':
        return await exportCommand(rest);
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
