/**
 * The message flowing through a mediation: payload, the property scopes of Synapse, and the
 * bookkeeping that mediators, endpoints and the HTTP listener share.
 */
import { randomUUID } from 'node:crypto';
import { ConduitError } from '../model/errors';

export type PayloadKind = 'json' | 'xml' | 'text' | 'binary' | 'none';

/**
 * The body. JSON keeps its original text (Synapse writes the original bytes while no XML mediator has
 * replaced the body); the parsed value is cached on first use. XML keeps the text of the body's
 * first element (not a SOAP envelope).
 */
export class Payload {
  private parsed: unknown;
  private hasParsed = false;
  private constructor(
    readonly kind: PayloadKind,
    readonly text: string,
    readonly binary?: Buffer,
  ) {}

  static none(): Payload {
    return new Payload('none', '');
  }
  static json(textOrValue: string | { value: unknown }): Payload {
    if (typeof textOrValue === 'string') return new Payload('json', textOrValue);
    const p = new Payload('json', JSON.stringify(textOrValue.value));
    p.parsed = textOrValue.value;
    p.hasParsed = true;
    return p;
  }
  static xml(text: string): Payload {
    return new Payload('xml', text);
  }
  static text(text: string): Payload {
    return new Payload('text', text);
  }
  static binary(data: Buffer): Payload {
    return new Payload('binary', data.toString('latin1'), data);
  }

  /** The parsed JSON value. Throws CONDUIT_REQUEST_MALFORMED when the text is not JSON. */
  json(): unknown {
    if (this.kind !== 'json') return undefined;
    if (!this.hasParsed) {
      try {
        this.parsed = this.text.trim() === '' ? undefined : JSON.parse(this.text);
      } catch (err) {
        throw new ConduitError('CONDUIT_REQUEST_MALFORMED', `the JSON body does not parse: ${(err as Error).message}`);
      }
      this.hasParsed = true;
    }
    return this.parsed;
  }

  /** The bytes to send on the wire. */
  bytes(): Buffer {
    return this.binary ?? Buffer.from(this.text, 'utf8');
  }
}

/** Header map with case-insensitive names that remembers the case a name was first set with. */
export class Headers {
  private readonly map = new Map<string, { name: string; value: string }>();
  constructor(init?: Record<string, string | string[] | undefined>) {
    if (init) for (const [k, v] of Object.entries(init)) if (v !== undefined) this.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  set(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.map.get(key);
    this.map.set(key, { name: existing?.name ?? name, value });
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  entries(): Array<[string, string]> {
    return [...this.map.values()].map((e) => [e.name, e.value]);
  }
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }
  clone(): Headers {
    const h = new Headers();
    for (const [k, v] of this.entries()) h.set(k, v);
    return h;
  }
}

export type Direction = 'request' | 'response';

export class MessageContext {
  /** `urn:uuid:...` */
  messageId: string = `urn:uuid:${randomUUID()}`;
  correlationId?: string;
  payload: Payload = Payload.none();
  /** Transport scope: HTTP headers of the current message. */
  transportHeaders = new Headers();
  /** Default (synapse) scope. Values are usually strings; typed properties keep their JS type. */
  properties = new Map<string, unknown>();
  /** Axis2 scope: messageType, ContentType, HTTP_SC, HTTP_METHOD, REST_URL_POSTFIX, ... */
  axis2 = new Map<string, unknown>();
  /** Operation scope, shared by the clones of one request. */
  operation = new Map<string, unknown>();
  /** MI 4.4 variables (`<variable>`, `vars.x`). */
  variables = new Map<string, unknown>();
  /**
   * Synapse's function stack: the parameters of each sequence template being run, innermost last.
   * `$func:x`, `get-property('func', 'x')` and `params.functionParams.x` read the last frame.
   */
  functionStack: Array<ReadonlyMap<string, unknown>> = [];
  direction: Direction = 'request';
  /** Axis2's processingFault: a POX fault made by makefault, answered with 500 unless HTTP_SC says otherwise. */
  processingFault = false;
  /** WS-Addressing To; for an API request the request path, after a call the anonymous address. */
  to?: string;
  /** Name of the API, proxy or inbound endpoint the message entered through, for the `{api:NAME}` log prefix. */
  artifactName?: string;
  /** What artifactName names: MI's log prefix is `{api:NAME}`, `{proxy:NAME}` or `{inboundendpoint:NAME}`. */
  artifactKind: 'api' | 'proxy' | 'inbound' = 'api';
  /** HTTP method and full path+query of the incoming request. */
  method = 'GET';
  requestPath = '/';

  /** Cached views built by the expression engine (XML envelope DOM etc.); cleared when the payload changes. */
  readonly views = new Map<string, unknown>();

  setPayload(p: Payload): void {
    this.payload = p;
    this.views.clear();
  }

  getProperty(name: string): unknown {
    return this.properties.get(name);
  }
  setProperty(name: string, value: unknown): void {
    this.properties.set(name, value);
  }

  /** A copy whose maps and headers are independent of this one (payload objects are immutable). */
  clone(): MessageContext {
    const m = new MessageContext();
    m.messageId = `urn:uuid:${randomUUID()}`;
    m.correlationId = this.correlationId;
    m.payload = this.payload;
    m.transportHeaders = this.transportHeaders.clone();
    m.properties = new Map(this.properties);
    m.axis2 = new Map(this.axis2);
    m.operation = this.operation;
    m.variables = new Map(this.variables);
    m.functionStack = [...this.functionStack];
    m.direction = this.direction;
    m.processingFault = this.processingFault;
    m.to = this.to;
    m.artifactName = this.artifactName;
    m.artifactKind = this.artifactKind;
    m.method = this.method;
    m.requestPath = this.requestPath;
    return m;
  }
}
