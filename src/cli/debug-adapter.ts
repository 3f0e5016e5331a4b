/**
 * `conduit debug-adapter`: the Debug Adapter Protocol on stdin/stdout. `launch` loads the project, runs
 * it in this process with the mediation debugger attached and keeps it deployed as files are saved
 * (breakpoints stay with their files); the runtime's log goes to the client as output.
 */
import {
  Breakpoint,
  DebugSession,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { createServer, type Server } from 'node:net';
import { basename } from 'node:path';
import { loadProject } from '../model/project';
import { MediationDebugger } from '../runtime/debug/mediation-debugger';
import { formatRecord, type Logger, type LogLevel } from '../runtime/logger';
import { BUILTIN_MEDIATORS } from '../runtime/mediators/builtins';
import { createRuntime, type Runtime } from '../runtime/runtime';

/** What launch.json says for `"type": "conduit"`. */
export interface ConduitLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The project folder (or .car file). */
  project: string;
  /** HTTP port of the APIs; 8290 as MI, 0 picks a free one. */
  port?: number;
  /** Rewrites the start of outgoing URLs, as `conduit run --endpoint-override`. */
  endpointOverrides?: Record<string, string>;
  /** Serve RabbitMQ stores with the embedded durable store, as `conduit run --embedded-broker`. */
  embeddedBroker?: boolean;
  /** Stop where a fault is raised (also the "Faults" exception filter). */
  breakOnFault?: boolean;
}

const FAULT_FILTER = 'faults';

export class ConduitDebugSession extends DebugSession {
  private readonly debugger = new MediationDebugger(
    {
      stopped: (threadId, reason, description) => {
        const e = new StoppedEvent(reason, threadId) as DebugProtocol.StoppedEvent;
        if (description) e.body.description = e.body.text = description;
        this.sendEvent(e);
      },
      output: (text) => this.sendEvent(new OutputEvent(text, 'console')),
    },
    new Set(BUILTIN_MEDIATORS.map((m) => m.name)),
  );
  private runtime?: Runtime;

  /**
   * Without a runtime the session launches one of its own (`conduit debug-adapter`); with one it serves
   * `attach` to that runtime (`conduit run --debug`) and leaves it running when the client goes.
   */
  constructor(private readonly attachedTo?: Runtime) {
    super();
  }
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((r) => (this.configured = r));

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: [{ filter: FAULT_FILTER, label: 'Faults', description: 'Stop where a fault is raised (ERROR_CODE, ERROR_MESSAGE)', default: false }],
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured();
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: ConduitLaunchArguments): Promise<void> {
    if (this.attachedTo) return this.sendErrorResponse(response, 6, 'this runtime is already running: use "request": "attach"');
    if (typeof args.project !== 'string' || args.project === '') return this.sendErrorResponse(response, 1, 'launch needs "project": the project folder');
    const port = args.port ?? 8290;
    if (!Number.isInteger(port) || port < 0 || port > 65535) return this.sendErrorResponse(response, 2, `"port": ${String(args.port)} is not a port number`);
    if (args.breakOnFault) this.debugger.breakOnFault = true;
    await this.configurationDone;
    try {
      const project = await loadProject(args.project);
      const runtime = createRuntime({ port, logger: this.logger(), endpointOverrides: args.endpointOverrides, embeddedBroker: args.embeddedBroker === true });
      this.runtime = runtime;
      const report = await runtime.deploy(project);
      for (const p of report.failed) this.sendEvent(new OutputEvent(`${p.file ?? ''}:${(p.range?.start.line ?? 0) + 1}: ${p.code} ${p.message}\n`, 'stderr'));
      runtime.observe(this.debugger);
      await runtime.start();
      if (!args.project.toLowerCase().endsWith(".car")) await runtime.watch(project);
    } catch (err) {
      return this.sendErrorResponse(response, 3, `the project could not be run: ${(err as Error).message}`);
    }
    this.sendEvent(new OutputEvent(`Conduit is serving ${basename(args.project)} at ${this.runtime.url}\n`, 'console'));
    this.sendResponse(response);
  }

  protected override async attachRequest(response: DebugProtocol.AttachResponse): Promise<void> {
    if (!this.attachedTo) return this.sendErrorResponse(response, 7, 'attach connects to the --debug port of conduit run; conduit debug-adapter launches its own runtime');
    await this.configurationDone;
    this.attachedTo.observe(this.debugger);
    this.sendEvent(new OutputEvent(`Attached to the Conduit runtime at ${this.attachedTo.url}\n`, 'console'));
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path;
    const results = path ? this.debugger.setBreakpoints(path, args.breakpoints ?? []) : [];
    response.body = {
      breakpoints: results.map((r) => {
        const bp = new Breakpoint(r.verified, r.line) as DebugProtocol.Breakpoint;
        if (r.message) bp.message = r.message;
        return bp;
      }),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.debugger.breakOnFault = args.filters.includes(FAULT_FILTER);
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.debugger.threads();
    response.body = { threads: threads.length > 0 ? threads.map((t) => new Thread(t.id, t.name)) : [new Thread(0, 'no message stopped')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames = this.debugger.stack(args.threadId);
    response.body = {
      stackFrames: frames.map((f) => new StackFrame(f.id, f.name, new Source(basename(f.file), f.file), f.line, f.column)),
      totalFrames: frames.length,
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    response.body = { scopes: this.debugger.scopes(args.frameId).map((s) => new Scope(s.name, s.reference, false)) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.debugger.variables(args.variablesReference).map((v) => ({ name: v.name, value: v.value, variablesReference: v.reference })) };
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    try {
      response.body = { value: this.debugger.setVariable(args.variablesReference, args.name, args.value) };
    } catch (err) {
      return this.sendErrorResponse(response, 4, (err as Error).message);
    }
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    try {
      response.body = { result: this.debugger.evaluate(args.expression, args.frameId), variablesReference: 0 };
    } catch (err) {
      return this.sendErrorResponse(response, 5, (err as Error).message);
    }
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    response.body = { allThreadsContinued: false };
    this.sendResponse(response);
    this.debugger.resume(args.threadId, 'continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.sendResponse(response);
    this.debugger.resume(args.threadId, 'over');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.sendResponse(response);
    this.debugger.resume(args.threadId, 'into');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.sendResponse(response);
    this.debugger.resume(args.threadId, 'out');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.debugger.pause();
    this.sendResponse(response);
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.stopRuntime();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.stopRuntime();
    this.sendResponse(response);
    // the library ends the process shortly after, once the response is written
    this.shutdown();
  }

  private async stopRuntime(): Promise<void> {
    this.debugger.detach();
    if (this.attachedTo) {
      this.attachedTo.observe(undefined);
      return;
    }
    const runtime = this.runtime;
    this.runtime = undefined;
    await runtime?.stop();
  }

  /** The runtime's log lines, in MI's format, as the client's output. */
  private logger(): Logger {
    return {
      enabled: (level: LogLevel) => level !== 'TRACE' && level !== 'DEBUG',
      log: (level, category, message) => {
        if (level === 'TRACE' || level === 'DEBUG') return;
        this.sendEvent(new OutputEvent(formatRecord({ time: new Date(), level, category, message }) + '\n', level === 'ERROR' || level === 'FATAL' ? 'stderr' : 'stdout'));
      },
    };
  }
}

/**
 * Serves `attach` sessions for a running runtime on 127.0.0.1:`port` (0 picks one), one client at a time;
 * resolves to the server once it listens.
 */
export async function serveDebugPort(runtime: Runtime, port: number): Promise<Server> {
  let current: ConduitDebugSession | undefined;
  const server = createServer((socket) => {
    if (current) {
      socket.end();
      return;
    }
    const session = (current = new ConduitDebugSession(runtime));
    session.setRunAsServer(true);
    socket.on('close', () => {
      runtime.observe(undefined);
      if (current === session) current = undefined;
    });
    session.start(socket, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** Serves one debug session on stdin/stdout; the process ends when the client disconnects or closes the stream. */
export function serveDebugAdapter(): Promise<number> {
  const session = new ConduitDebugSession();
  session.setRunAsServer(false);
  return new Promise((resolveExit) => {
    session.on('close', () => resolveExit(0));
    process.stdin.on('end', () => resolveExit(0));
    session.start(process.stdin, process.stdout);
  });
}
