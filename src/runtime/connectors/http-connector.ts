/**
 * The HTTP connector's operations (`<http.get>`, `<http.post>`, ... `configKey="Conn"`), as its templates
 * and RestURLBuilder run them in MI: the headers parameter (a JSON array, `${...}` filled in) goes into
 * the transport headers, the request body of the declared type replaces the payload and sets the
 * Content-Type, the relative path (`${...}` filled in, a query string allowed) is joined to the
 * connection's base URL, and the message is called through the connection's endpoint with the method of
 * the operation. A non-2xx answer is an answer like any other (its status in HTTP_SC and in the
 * response variable's attributes); a refused connection or a timeout is a fault (101503, 101504) that
 * counts towards the connection's suspension, as for any endpoint.
 */
import { connectionOf } from '../../model/catalog/connectors';
import { parseJson } from '../../model/json/json-value';
import { ConduitError } from '../../model/errors';
import { attr, parseXml, type XmlElement } from '../../model/xml';
import { setBody } from '../content';
import { MediationFault } from '../fault';
import type { Logger } from '../logger';
import { Payload, type MessageContext } from '../message';
import type { MediationEnv, ParseContext } from '../mediators/types';
import { readHttpConnection, TokenCache, type HttpConnection } from './http-connection';
import { invokeOperation } from './response-variable';
import { compileParameters, parameterValue, type CompiledParameters } from './parameters';
import type { ConnectorRuntime } from './types';

/** The Axis2 properties each operation's template sets from its parameters. */
const TRANSPORT_PROPERTIES: ReadonlyArray<[parameter: string, property: string, boolean?: true]> = [
  ['postToUri', 'POST_TO_URI'],
  ['forceScAccepted', 'FORCE_SC_ACCEPTED'],
  ['disableChunking', 'DISABLE_CHUNKING'],
  ['noEntityBody', 'NO_ENTITY_BODY', true],
  ['forceHttp10', 'FORCE_HTTP_1.0'],
  ['httpSc', 'HTTP_SC'],
  ['nonErrorHttpStatusCodes', 'non.error.http.status.codes'],
  ['httpScDesc', 'HTTP_SC_DESC'],
  ['faultsAsHttp200', 'FAULTS_AS_HTTP_200'],
  ['noKeepAlive', 'NO_KEEPALIVE'],
  ['requestHostHeader', 'REQUEST_HOST_HEADER'],
  ['forcePostPutNobody', 'FORCE_POST_PUT_NOBODY', true],
  ['forceHttpContentLength', 'FORCE_HTTP_CONTENT_LENGTH'],
  ['copyContentLengthFromIncoming', 'COPY_CONTENT_LENGTH_FROM_INCOMING'],
];

const URL_PROPERTIES = ['uri.var.base', 'uri.var.path', 'uri.var.query'];

interface HttpOperation {
  method: string;
  configKey: string;
  params: CompiledParameters;
  where: string;
  /** The connection's local entry text, read when the message runs so a redeployed connection counts. */
  resource: (key: string) => Buffer | undefined;
  connections: ConnectionCache;
}

/** Connections by local entry key, rebuilt when the entry's text changes; one per runtime. */
class ConnectionCache {
  private readonly byKey = new Map<string, { text: string; connection: HttpConnection }>();
  readonly tokens = new TokenCache();

  get(key: string, resource: (key: string) => Buffer | undefined, where: string): HttpConnection {
    const content = resource(key);
    if (!content) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `the HTTP connection '${key}' (configKey) is not a deployed local entry`, 'CONDUIT_REFERENCE_UNRESOLVED');
    const text = content.toString('utf8');
    const cached = this.byKey.get(key);
    if (cached && cached.text === text) return cached.connection;
    const root = parseXml(text).root;
    const init = root && (root.local === 'localEntry' ? connectionOf(root) : root);
    if (!init || init.local !== 'http.init')
      throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `the local entry '${key}' holds no HTTP connection (<http.init>)`, 'CONDUIT_REFERENCE_UNRESOLVED');
    let connection: HttpConnection;
    try {
      connection = readHttpConnection(init, key, where);
    } catch (err) {
      if (err instanceof ConduitError) throw new MediationFault(err.code, err.message, err.code);
      throw err;
    }
    this.byKey.set(key, { text, connection });
    return connection;
  }
}

/** RestURLBuilder's join: one slash between base and path, none added before a query string. */
export function joinUrl(base: string, relative: string): { base: string; path: string } {
  let b = base.trim();
  let r = relative.trim();
  if (!r.startsWith('?')) {
    const baseSlash = b.endsWith('/');
    const relSlash = r.startsWith('/');
    if (baseSlash && relSlash) r = r.slice(1);
    else if (!baseSlash && !relSlash && b !== '' && r !== '') b += '/';
  }
  return { base: b, path: r };
}

/** The headers parameter: `[["Name","value"], {"Name":"value"}, ...]`, names and values trimmed. */
function applyHeaders(text: string, msg: MessageContext): void {
  if (text.trim() === '') return;
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new MediationFault('CONDUIT_MEDIATION_FAILED', `Error while processing headers: ${text} is not a JSON array`, 'CONDUIT_MEDIATION_FAILED');
  }
  if (!Array.isArray(list)) throw new MediationFault('CONDUIT_MEDIATION_FAILED', `Error while processing headers: ${text} is not a JSON array`, 'CONDUIT_MEDIATION_FAILED');
  for (const item of list) {
    let name: unknown;
    let value: unknown;
    if (Array.isArray(item) && item.length === 2) [name, value] = item;
    else if (item && typeof item === 'object' && !Array.isArray(item)) [name, value] = Object.entries(item)[0] ?? [];
    if (typeof name !== 'string' || name.trim() === '' || value === undefined || value === null) continue;
    msg.transportHeaders.set(name.trim(), String(value).trim());
  }
}

const BODY_TYPES: Record<string, string> = { JSON: 'application/json', XML: 'application/xml', TEXT: 'text/plain' };
const XML_TYPES = new Set(['application/xml', 'text/xml', 'application/soap+xml']);

function applyBody(op: HttpOperation, msg: MessageContext, log: Logger): void {
  const type = parameterValue(op.params, 'requestBodyType', msg, log)?.trim();
  if (!type) return;
  const json = parameterValue(op.params, 'requestBodyJson', msg, log);
  const xml = parameterValue(op.params, 'requestBodyXml', msg, log);
  const text = parameterValue(op.params, 'requestBodyText', msg, log);
  // The first non-empty body wins, whatever the declared type (RestURLBuilder.getRequestBody).
  let body = json ? (json.startsWith("'") && json.endsWith("'") ? json.slice(1, -1) : json) : xml || text || '';
  const contentType = BODY_TYPES[type];
  if (!contentType) throw new MediationFault('CONDUIT_MEDIATION_FAILED', `requestBodyType '${type}' is not JSON, XML or TEXT`, 'CONDUIT_MEDIATION_FAILED');
  if (type === 'JSON') {
    try {
      parseJson(body);
    } catch {
      throw new MediationFault('CONDUIT_MEDIATION_FAILED', `Error creating JSON Payload from source ${body}`, 'CONDUIT_MEDIATION_FAILED');
    }
    setBody(msg, Payload.json(body), contentType);
  } else if (type === 'XML') {
    const doc = parseXml(`<pfPadding>${body}</pfPadding>`);
    const first = doc.root?.children.find((c): c is XmlElement => c.kind === 'element');
    if (doc.errors.length > 0 || !first) throw new MediationFault('CONDUIT_MEDIATION_FAILED', `Error creating SOAP Envelope from source ${body}`, 'CONDUIT_MEDIATION_FAILED');
    body = doc.text.slice(first.range.start.offset, first.range.end.offset);
    const own = String(msg.axis2.get('messageType') ?? '');
    setBody(msg, Payload.xml(body), XML_TYPES.has(own) ? String(msg.axis2.get('ContentType') ?? own) : contentType);
  } else setBody(msg, Payload.text(body), contentType);
  msg.axis2.delete('NO_ENTITY_BODY');
}

function setTransportProperties(op: HttpOperation, msg: MessageContext, log: Logger): void {
  for (const [param, property, boolean] of TRANSPORT_PROPERTIES) {
    const v = parameterValue(op.params, param, msg, log);
    if (v === undefined || v.trim() === '') continue;
    msg.axis2.set(property, boolean ? v.trim().toLowerCase() === 'true' : v.trim());
  }
}

/**
 * The templates remove the URL variables and the transport properties' names afterwards, in the default
 * scope: the Axis2 properties the call used stay set, as they do in MI.
 */
function clearProperties(msg: MessageContext): void {
  for (const p of URL_PROPERTIES) msg.properties.delete(p);
  for (const [, property] of TRANSPORT_PROPERTIES) msg.properties.delete(property);
}

async function authorize(conn: HttpConnection, cache: ConnectionCache, msg: MessageContext, fresh = false): Promise<void> {
  if (conn.basic) msg.transportHeaders.set('Authorization', 'Basic ' + Buffer.from(`${conn.basic.username}:${conn.basic.password}`).toString('base64'));
  else if (conn.oauth) msg.transportHeaders.set('Authorization', 'Bearer ' + (await cache.tokens.token(conn.oauth, conn.endpoint.def.timeoutMs, fresh)));
}

async function run(op: HttpOperation, msg: MessageContext, env: MediationEnv): Promise<void> {
  const log = env.logger;
  const conn = op.connections.get(op.configKey, op.resource, op.where);
  try {
    setTransportProperties(op, msg, log);
    applyHeaders(parameterValue(op.params, 'headers', msg, log) ?? '', msg);
    applyBody(op, msg, log);
    const { base, path } = joinUrl(conn.baseUrl, parameterValue(op.params, 'relativePath', msg, log) ?? '');
    msg.setProperty('uri.var.base', base);
    msg.setProperty('uri.var.path', path);
    msg.setProperty('uri.var.query', '');
    msg.axis2.set('HTTP_METHOD', op.method);
    msg.axis2.delete('REST_URL_POSTFIX');
    await authorize(conn, op.connections, msg);
    const endpoint = { inline: conn.endpoint, where: op.where };
    // An expired or revoked OAuth token: MI's OAuth handler gets a new one and sends the request once more.
    const request = conn.oauth ? { payload: msg.payload, headers: msg.transportHeaders.clone(), axis2: new Map(msg.axis2) } : undefined;
    await env.callEndpoint(endpoint, msg);
    if (request && msg.axis2.get('HTTP_SC') === 401) {
      msg.setPayload(request.payload);
      msg.transportHeaders = request.headers;
      msg.axis2 = request.axis2;
      await authorize(conn, op.connections, msg, true);
      await env.callEndpoint(endpoint, msg);
    }
  } finally {
    clearProperties(msg);
  }
}

export const httpConnector: ConnectorRuntime = {
  name: 'http',
  parse(el: XmlElement, operation: string, ctx: ParseContext) {
    const op: HttpOperation = {
      method: operation.toUpperCase(),
      configKey: attr(el, 'configKey')!.trim(),
      params: compileParameters(el, ctx),
      where: ctx.where(el),
      resource: ctx.resource,
      connections: ctx.shared(ConnectionCache, () => new ConnectionCache()),
    };
    return op;
  },
  async mediate(config, msg, env) {
    const op = config as HttpOperation;
    await invokeOperation(op.params, msg, env.logger, () => run(op, msg, env));
    return true;
  },
};
