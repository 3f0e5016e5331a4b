/**
 * The mediation debugger: a FlowObserver that stops messages on breakpoints (conditions, hit counts,
 * logpoints), on faults and after steps, and lets a client read and change the stopped message. It
 * speaks no protocol: the debug adapter (src/cli/debug-adapter.ts) turns it into DAP.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConduitError } from '../../model/errors';
import { parseXml } from '../../model/xml';
import { compileExpression, compileTemplate, renderTemplate, type Expression, type TemplatePart } from '../expressions/expression';
import { propertyString } from '../expressions/property-values';
import { Payload, type MessageContext } from '../message';
import type { FlowObserver, MediatorEvent } from '../observer';
import { mediatorLines, nearestMediatorLine } from './mediator-lines';

export interface BreakpointRequest {
  line: number;
  /** A Synapse expression (`${...}`, XPath or json-eval); the message stops only where it is true. */
  condition?: string;
  /** `N`, `>=N`, `>N`, `==N` or `%N` over the times the line was reached (with the condition true). */
  hitCondition?: string;
  /** Logs this text (with `${...}` expressions) instead of stopping. */
  logMessage?: string;
}

export interface BreakpointResult {
  line: number;
  verified: boolean;
  message?: string;
}

export type StopReason = 'breakpoint' | 'step' | 'exception' | 'pause';
export type ResumeMode = 'continue' | 'over' | 'into' | 'out';

export interface DebuggerEvents {
  stopped(threadId: number, reason: StopReason, description?: string): void;
  output(text: string): void;
}

export interface StackFrameView {
  id: number;
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface VariableView {
  name: string;
  value: string;
  /** Non-zero when the value has children (a scope). */
  reference: number;
}

interface Breakpoint {
  readonly line: number;
  readonly condition?: Expression;
  readonly hit?: (n: number) => boolean;
  readonly log?: TemplatePart[];
  hits: number;
}

interface Stop {
  readonly msg: MessageContext;
  readonly event: MediatorEvent;
  readonly resume: (mode: ResumeMode) => void;
}

/** A step of `over`/`into`/`out` in progress: stop at the first mediator whose stack depth passes `until`. */
interface Stepping {
  readonly mode: Exclude<ResumeMode, 'continue'>;
  readonly depth: number;
}

interface Container {
  list(): VariableView[];
  set?(name: string, value: string): string;
}

const FRAMES_PER_THREAD = 1000;

/** `file:line:col` as the compiler writes a step's place, split. */
export function parseWhere(where: string): { file: string; line: number; column: number } | undefined {
  const m = /^(.*):(\d+):(\d+)$/.exec(where);
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : undefined;
}

function hitTest(text: string): (n: number) => boolean {
  const m = /^\s*(>=|>|==|=|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `hit count '${text}' is not N, >=N, >N, ==N or %N`);
  const n = Number(m[2]);
  switch (m[1]) {
    case '>':
      return (h) => h > n;
    case '==':
    case '=':
      return (h) => h === n;
    case '%':
      return (h) => n > 0 && h % n === 0;
    default:
      return (h) => h >= n;
  }
}

function show(v: unknown): string {
  if (v === undefined) return '';
  return propertyString(v) ?? JSON.stringify(v);
}

export class MediationDebugger implements FlowObserver {
  /** Stop where a fault is raised, with ERROR_CODE and ERROR_MESSAGE. */
  breakOnFault = false;
  private readonly breakpoints = new Map<string, Map<number, Breakpoint>>();
  private readonly threadIds = new WeakMap<MessageContext, number>();
  private nextThread = 1;
  private readonly stops = new Map<number, Stop>();
  private readonly stepping = new WeakMap<MessageContext, Stepping>();
  private pauseNext = false;
  private readonly containers = new Map<number, Container>();
  private nextReference = 1;
  /** A step's `where`, parsed once. */
  private readonly places = new Map<string, { file: string; line: number; column: number }>();

  constructor(
    private readonly events: DebuggerEvents,
    /** Names of the mediators the runtime knows, to find mediator lines. */
    private readonly mediatorNames: ReadonlySet<string>,
  ) {}

  /** Replaces the breakpoints of one file; each lands on the mediator at its line, else the nearest one. */
  setBreakpoints(file: string, requests: readonly BreakpointRequest[]): BreakpointResult[] {
    const path = resolve(file);
    let lines: number[];
    try {
      lines = mediatorLines(readFileSync(path, 'utf8'), this.mediatorNames);
    } catch (err) {
      this.breakpoints.delete(path);
      return requests.map((r) => ({ line: r.line, verified: false, message: `cannot read ${path}: ${(err as Error).message}` }));
    }
    const set = new Map<number, Breakpoint>();
    const results = requests.map((r): BreakpointResult => {
      const line = nearestMediatorLine(lines, r.line);
      if (line === undefined) return { line: r.line, verified: false, message: 'no mediator in this file' };
      try {
        set.set(line, {
          line,
          condition: r.condition?.trim() ? compileExpression(r.condition) : undefined,
          hit: r.hitCondition?.trim() ? hitTest(r.hitCondition) : undefined,
          log: r.logMessage !== undefined ? compileTemplate(r.logMessage) : undefined,
          hits: 0,
        });
      } catch (err) {
        return { line, verified: false, message: (err as Error).message };
      }
      return { line, verified: true };
    });
    this.breakpoints.set(path, set);
    return results;
  }

  /** Stops the next mediator any message reaches. */
  pause(): void {
    this.pauseNext = true;
  }

  threads(): Array<{ id: number; name: string }> {
    return [...this.stops].map(([id, s]) => ({ id, name: threadName(s.msg) }));
  }

  /** Lets a stopped message go on: to the next breakpoint, or one step over, into or out. */
  resume(threadId: number, mode: ResumeMode): void {
    const stop = this.stops.get(threadId);
    if (!stop) return;
    this.stops.delete(threadId);
    this.containers.clear();
    stop.resume(mode);
  }

  /** Lets every stopped message go and stops no more (the client went away). */
  detach(): void {
    this.breakpoints.clear();
    this.breakOnFault = false;
    for (const id of [...this.stops.keys()]) this.resume(id, 'continue');
  }

  stack(threadId: number): StackFrameView[] {
    const stop = this.stops.get(threadId);
    if (!stop) return [];
    return stop.event.frames.map((f, i) => {
      const at = this.placeOf(f.step.where);
      const outer = stop.event.frames[i + 1];
      const seq = f.sequence.name ?? (outer ? `${outer.step.module.name} branch` : (stop.msg.artifactName ?? 'sequence'));
      return { id: threadId * FRAMES_PER_THREAD + i, name: `${f.step.module.name} · ${seq}`, file: at?.file ?? f.step.where, line: at?.line ?? 0, column: at?.column ?? 0 };
    });
  }

  /** The scopes of a frame: every frame of a stop shows its message. */
  scopes(frameId: number): Array<{ name: string; reference: number }> {
    const stop = this.stops.get(Math.floor(frameId / FRAMES_PER_THREAD));
    if (!stop) return [];
    const msg = stop.msg;
    const isParam = (k: string) => k.startsWith('uri.var.') || k.startsWith('query.param.');
    const scopes: Array<[string, Container]> = [
      ['Payload', this.payloadContainer(msg)],
      ['Properties', mapContainer(msg.properties, (k) => !isParam(k))],
      ['Variables', mapContainer(msg.variables)],
      ['Transport headers', {
        list: () => msg.transportHeaders.entries().map(([name, value]) => ({ name, value, reference: 0 })),
        set: (name, value) => (msg.transportHeaders.set(name, value), value),
      }],
      ['Axis2 properties', mapContainer(msg.axis2)],
      ['Query and URI parameters', mapContainer(msg.properties, isParam)],
    ];
    const fn = msg.functionStack[msg.functionStack.length - 1];
    if (fn) scopes.push(['Template parameters', { list: () => [...fn].map(([name, v]) => ({ name, value: show(v), reference: 0 })) }]);
    return scopes.map(([name, c]) => ({ name, reference: this.register(c) }));
  }

  variables(reference: number): VariableView[] {
    return this.containers.get(reference)?.list() ?? [];
  }

  /** Changes a value of a stopped message; resolves to the value it now has. Throws when it cannot. */
  setVariable(reference: number, name: string, value: string): string {
    const c = this.containers.get(reference);
    if (!c?.set) throw new ConduitError('CONDUIT_EXPRESSION_INVALID', `${name} cannot be changed here`);
    return c.set(name, value);
  }

  /** Evaluates a Synapse expression (`${...}`, XPath, json-eval) on the message stopped in the thread of `frameId`. */
  evaluate(expression: string, frameId?: number): string {
    const stop = frameId === undefined ? [...this.stops.values()][0] : this.stops.get(Math.floor(frameId / FRAMES_PER_THREAD));
    if (!stop) throw new ConduitError('CONDUIT_EXPRESSION_INVALID', 'no message is stopped');
    const expr = compileExpression(expression);
    return show(expr.evaluateValue(stop.msg)) || expr.evaluate(stop.msg);
  }

  beforeMediator(event: MediatorEvent): void | Promise<void> {
    const reason = this.shouldStop(event);
    if (!reason) return;
    return this.stop(event, reason);
  }

  afterMediator(): void {}

  fault(msg: MessageContext, error: unknown, event?: MediatorEvent): void | Promise<void> {
    if (!this.breakOnFault || !event) return;
    const code = show(msg.getProperty('ERROR_CODE'));
    const text = show(msg.getProperty('ERROR_MESSAGE')) || (error instanceof Error ? error.message : String(error));
    return this.stop(event, 'exception', `ERROR_CODE ${code}: ${text}`);
  }

  private shouldStop(event: MediatorEvent): StopReason | undefined {
    const { msg } = event;
    const step = this.stepping.get(msg);
    if (step) {
      const depth = event.frames.length;
      if (step.mode === 'into' || (step.mode === 'over' && depth <= step.depth) || (step.mode === 'out' && depth < step.depth)) {
        this.stepping.delete(msg);
        return 'step';
      }
    }
    if (this.pauseNext) {
      this.pauseNext = false;
      return 'pause';
    }
    if (this.breakpoints.size === 0) return undefined;
    const at = this.placeOf(event.step.where);
    const bp = at && this.breakpoints.get(at.file)?.get(at.line);
    if (!bp) return undefined;
    if (bp.condition && !bp.condition.evaluateBoolean(msg)) return undefined;
    bp.hits++;
    if (bp.hit && !bp.hit(bp.hits)) return undefined;
    if (bp.log) {
      this.events.output(`${renderTemplate(bp.log, msg)}\n`);
      return undefined;
    }
    return 'breakpoint';
  }

  private stop(event: MediatorEvent, reason: StopReason, description?: string): Promise<void> {
    const msg = event.msg;
    let id = this.threadIds.get(msg);
    if (id === undefined) this.threadIds.set(msg, (id = this.nextThread++));
    const threadId = id;
    return new Promise((resolveStop) => {
      this.stops.set(threadId, {
        msg,
        event,
        resume: (mode) => {
          if (mode !== 'continue') this.stepping.set(msg, { mode, depth: event.frames.length });
          resolveStop();
        },
      });
      this.events.stopped(threadId, reason, description);
    });
  }

  private placeOf(where: string): { file: string; line: number; column: number } | undefined {
    let at = this.places.get(where);
    if (!at) {
      const parsed = parseWhere(where);
      if (!parsed) return undefined;
      this.places.set(where, (at = { ...parsed, file: resolve(parsed.file) }));
    }
    return at;
  }

  private register(c: Container): number {
    const ref = this.nextReference++;
    this.containers.set(ref, c);
    return ref;
  }

  private payloadContainer(msg: MessageContext): Container {
    return {
      list: () => [{ name: msg.payload.kind === 'none' ? 'payload (empty)' : `payload (${msg.payload.kind})`, value: msg.payload.text, reference: 0 }],
      set: (_name, value) => {
        msg.setPayload(payloadFrom(msg, value));
        return msg.payload.text;
      },
    };
  }
}

/** The new payload typed as text in the client, as the kind the message has (JSON and XML must parse). */
function payloadFrom(msg: MessageContext, text: string): Payload {
  const kind = msg.payload.kind === 'none' ? (text.trim().startsWith('<') ? 'xml' : 'json') : msg.payload.kind;
  if (kind === 'json') {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the payload is JSON and this text does not parse: ${(err as Error).message}`);
    }
    return Payload.json(text);
  }
  if (kind === 'xml') {
    const doc = parseXml(text);
    if (doc.errors.length > 0 || !doc.root) throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the payload is XML and this text does not parse: ${doc.errors[0]?.message ?? 'no element'}`);
    return Payload.xml(text.trim());
  }
  return Payload.text(text);
}

function mapContainer(map: Map<string, unknown>, include: (key: string) => boolean = () => true): Container {
  return {
    list: () => [...map].filter(([k]) => include(k)).map(([name, v]) => ({ name, value: show(v), reference: 0 })),
    set: (name, value) => (map.set(name, value), value),
  };
}

function threadName(msg: MessageContext): string {
  const via = msg.artifactName ? `${msg.artifactKind} ${msg.artifactName}` : 'sequence';
  return `${via} ${msg.method} ${msg.requestPath} (${msg.messageId.replace(/^urn:uuid:/, '').slice(0, 8)})`;
}
