/**
 * The message trace (`conduit run --trace`): a FlowObserver that records, per request, each mediator that
 * ran, in the order they started, with the message before and after it and its time. Values whose names
 * look like secrets are masked before they are kept, so no trace holds a password.
 */
import { propertyString } from '../expressions/property-values';
import type { MessageContext } from '../message';
import type { FlowObserver, MediatorEvent } from '../observer';
import { parseWhere } from './mediation-debugger';

/** What the message looked like at one moment. */
export interface MessageSnapshot {
  payload: { kind: string; text: string };
  properties: Record<string, string>;
  variables: Record<string, string>;
  headers: Record<string, string>;
}

export interface TraceStep {
  mediator: string;
  file: string;
  line: number;
  /** Depth in the stack of sequences (1: the resource's or top sequence's own mediators). */
  depth: number;
  before: MessageSnapshot;
  after?: MessageSnapshot;
  ms?: number;
  /** The fault it raised. */
  error?: string;
}

export interface MessageTrace {
  id: number;
  messageId: string;
  /** `api ShopAPI POST /shop/orders`, `sequence` for a message a processor or task started. */
  name: string;
  started: string;
  steps: TraceStep[];
}

/** Names of properties, headers, variables and payload fields whose values never enter a trace. */
const SECRET = /pass(word|wd)?|secret|token|authorization|api[-_.]?key|credential|private[-_.]?key/i;
const MASK = '****';

export function maskSecrets(name: string, value: string): string {
  return SECRET.test(name) ? MASK : value;
}

function maskJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET.test(k) ? MASK : maskJson(x)]));
  return v;
}

function maskPayload(msg: MessageContext): string {
  const p = msg.payload;
  if (p.kind === 'json') {
    try {
      return JSON.stringify(maskJson(JSON.parse(p.text)));
    } catch {
      return p.text;
    }
  }
  if (p.kind === 'xml') return p.text.replace(/<((?:[\w.-]+:)?([\w.-]+))(\s[^>]*)?>([^<]*)<\/\1>/g, (all, qname: string, local: string, attrs: string | undefined) => (SECRET.test(local) ? `<${qname}${attrs ?? ''}>${MASK}</${qname}>` : all));
  if (p.kind === 'binary') return `(${p.bytes().length} bytes)`;
  return p.text;
}

function record(entries: Iterable<[string, unknown]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) out[k] = maskSecrets(k, propertyString(v) ?? JSON.stringify(v) ?? '');
  return out;
}

export function snapshot(msg: MessageContext): MessageSnapshot {
  return {
    payload: { kind: msg.payload.kind, text: maskPayload(msg) },
    properties: record(msg.properties),
    variables: record(msg.variables),
    headers: record(msg.transportHeaders.entries()),
  };
}

export class MessageTracer implements FlowObserver {
  private readonly traces: MessageTrace[] = [];
  /** One trace per request: the clones of a request share its operation scope. */
  private readonly byRequest = new WeakMap<Map<string, unknown>, MessageTrace>();
  private readonly open = new WeakMap<MediatorEvent, { step: TraceStep; t0: number }>();
  private nextId = 1;

  /** Keeps the last `limit` requests. */
  constructor(private readonly limit = 100) {}

  /** The kept traces, oldest first. */
  list(): readonly MessageTrace[] {
    return this.traces;
  }

  beforeMediator(event: MediatorEvent): void {
    const { msg } = event;
    let trace = this.byRequest.get(msg.operation);
    if (!trace) {
      trace = {
        id: this.nextId++,
        messageId: msg.messageId,
        name: msg.artifactName ? `${msg.artifactKind} ${msg.artifactName} ${msg.method} ${msg.requestPath}` : 'sequence',
        started: new Date().toISOString(),
        steps: [],
      };
      this.byRequest.set(msg.operation, trace);
      this.traces.push(trace);
      if (this.traces.length > this.limit) this.traces.shift();
    }
    const at = parseWhere(event.step.where);
    const step: TraceStep = { mediator: event.step.module.name, file: at?.file ?? event.step.where, line: at?.line ?? 0, depth: event.frames.length, before: snapshot(msg) };
    trace.steps.push(step);
    this.open.set(event, { step, t0: performance.now() });
  }

  afterMediator(event: MediatorEvent, _go: boolean, error?: unknown): void {
    const open = this.open.get(event);
    if (!open) return;
    open.step.ms = Math.round((performance.now() - open.t0) * 1000) / 1000;
    open.step.after = snapshot(event.msg);
    if (error !== undefined) open.step.error = error instanceof Error ? error.message : String(error);
  }

  fault(): void {}
}
