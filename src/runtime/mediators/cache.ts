/**
 * `<cache [timeout] [collector] [maxMessageSize]><onCacheHit/>?<protocol type="HTTP">..</protocol>?<implementation maxSize/>?</cache>`:
 * MI's cache mediator. A finder hashes the request as HttpRequestHashGenerator does (the To address, the
 * transport headers it does not exclude, and the body unless the method is GET, DELETE or HEAD) and, when
 * an answer is cached under that hash, answers with it (or runs onCacheHit on it) and ends the flow;
 * otherwise it leaves an entry on the message that a collector (`collector="true"`) after the back-end
 * call fills with the answer. Entries live `timeout` seconds from the miss that made them and at most
 * `maxSize` are kept, the oldest going first; expiry is checked when an entry is looked up, so no timer
 * outlives the artifact.
 */
import { createHash } from 'node:crypto';
import { compileJavaRegex, type JavaRegex } from '../../model/java-regex';
import { mediatorIssues } from '../../model/validate/mediator-rules';
import { attr, child, elements, textOf, type XmlElement } from '../../model/xml';
import { MediationFault } from '../fault';
import { Headers, type MessageContext, type Payload } from '../message';
import { defineMediator, type CompiledSequence, type MediationEnv } from './types';

/** MI's defaults: CachingConstants.DEFAULT_TIMEOUT (seconds) and the documented maxSize. */
const DEFAULT_TIMEOUT_S = 5000;
const DEFAULT_MAX_SIZE = 1000;

/** The property a finder leaves for the collector, as MI's CACHED_OBJECT. */
const CACHED_OBJECT = 'CACHED_OBJECT';

/** HttpRequestHashGenerator never hashes these: they differ between otherwise equal requests. */
const NEVER_HASHED = new Set(['date', 'user-agent']);

/** Methods whose body is not part of the hash. */
const BODILESS = new Set(['GET', 'DELETE', 'HEAD']);

interface CachedAnswer {
  payload: Payload;
  status: unknown;
  headers: Headers;
  axis2: Array<[string, unknown]>;
  storedAt: number;
}

interface CacheEntry {
  expiresAt: number;
  answer?: CachedAnswer;
}

interface FinderConfig {
  timeoutMs: number;
  maxSize: number;
  /** -1: any size. */
  maxMessageSize: number;
  /** Upper-case methods, or `*`. */
  methods: string[];
  /** Lower-case header names; `*` excludes every header. */
  exclude: Set<string>;
  /** Lower-case header names; when not empty only these are hashed. */
  include: Set<string>;
  responseCodes: JavaRegex;
  includeAge: boolean;
  onCacheHit?: { inline?: CompiledSequence; key?: string };
  entries: Map<string, CacheEntry>;
}

type CacheConfig = { collector: true } | ({ collector: false } & FinderConfig);

/** What the finder leaves on a request that missed, so the collector can fill the entry. */
interface PendingEntry {
  entry: CacheEntry;
  method: string;
  finder: FinderConfig;
}

const ANSWER_AXIS2 = ['messageType', 'ContentType'];

function list(el: XmlElement | undefined, lower: boolean): string[] {
  const text = el ? textOf(el) : '';
  return text
    .split(',')
    .map((s) => (lower ? s.trim().toLowerCase() : s.trim()))
    .filter((s) => s !== '');
}

function whole(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number.parseInt(value.trim(), 10);
}

function requestHash(c: FinderConfig, msg: MessageContext): string {
  const hash = createHash('sha256');
  hash.update(msg.to ?? msg.requestPath);
  if (!c.exclude.has('*')) {
    const headers = msg.transportHeaders
      .entries()
      .map(([k, v]) => [k.toLowerCase(), v] as const)
      .filter(([k]) => !NEVER_HASHED.has(k) && !c.exclude.has(k) && (c.include.size === 0 || c.include.has(k)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of headers) hash.update(`\0${k}\0${v}`);
  }
  if (!BODILESS.has(msg.method.toUpperCase())) hash.update('\0\0').update(msg.payload.bytes());
  return hash.digest('hex');
}

/** The entry for this hash: a live one, or a new empty one (dropping the oldest beyond maxSize). */
function lookUp(c: FinderConfig, hash: string, now: number): CacheEntry {
  const found = c.entries.get(hash);
  if (found && found.expiresAt > now) return found;
  c.entries.delete(hash);
  const entry: CacheEntry = { expiresAt: now + c.timeoutMs };
  c.entries.set(hash, entry);
  if (c.maxSize > -1) {
    for (const oldest of c.entries.keys()) {
      if (c.entries.size <= c.maxSize) break;
      c.entries.delete(oldest);
    }
  }
  return entry;
}

function answerFromCache(c: FinderConfig, answer: CachedAnswer, msg: MessageContext, now: number): void {
  msg.setPayload(answer.payload);
  msg.transportHeaders = answer.headers.clone();
  for (const k of ANSWER_AXIS2) msg.axis2.delete(k);
  for (const [k, v] of answer.axis2) msg.axis2.set(k, v);
  msg.axis2.delete('NO_ENTITY_BODY');
  if (answer.status !== undefined) msg.axis2.set('HTTP_SC', answer.status);
  if (c.includeAge) msg.transportHeaders.set('Age', String(Math.floor((now - answer.storedAt) / 1000)));
  msg.direction = 'response';
  msg.to = undefined;
}

async function find(c: FinderConfig, msg: MessageContext, env: MediationEnv): Promise<boolean> {
  const now = Date.now();
  const hash = requestHash(c, msg);
  const entry = lookUp(c, hash, now);
  const pending: PendingEntry = { entry, method: msg.method.toUpperCase(), finder: c };
  msg.setProperty(CACHED_OBJECT, pending);
  if (!entry.answer) return true;
  env.logger.log('DEBUG', 'CacheMediator', `Cache-hit for message ID : ${msg.messageId}`);
  answerFromCache(c, entry.answer, msg, now);
  if (!c.onCacheHit) {
    env.respond(msg);
    return false;
  }
  const { inline, key } = c.onCacheHit;
  const sequence = inline ?? env.sequence(key!);
  if (!sequence) throw new MediationFault('CONDUIT_REFERENCE_UNRESOLVED', `Unable to find the onCacheHit sequence '${key}': it is not deployed`);
  await env.run(sequence, msg);
  return false;
}

function collect(msg: MessageContext, env: MediationEnv): boolean {
  const pending = msg.getProperty(CACHED_OBJECT) as PendingEntry | undefined;
  if (!pending || typeof pending !== 'object' || !('entry' in pending)) {
    env.logger.log('WARN', 'CacheMediator', 'A response message without a valid mapping to the request hash found. Unable to store the response in cache');
    return true;
  }
  const { entry, method, finder } = pending;
  const status = msg.axis2.get('HTTP_SC');
  if (status !== undefined && !finder.responseCodes.matches(String(status).trim())) return true;
  if (!finder.methods.includes('*') && !finder.methods.includes(method)) return true;
  if (finder.maxMessageSize > -1 && msg.payload.bytes().length > finder.maxMessageSize) {
    env.logger.log('DEBUG', 'CacheMediator', 'Message size exceeds the upper bound for caching, request will not be cached');
    return true;
  }
  entry.answer = {
    payload: msg.payload,
    status,
    headers: msg.transportHeaders.clone(),
    axis2: ANSWER_AXIS2.filter((k) => msg.axis2.has(k)).map((k) => [k, msg.axis2.get(k)]),
    storedAt: Date.now(),
  };
  return true;
}

export default defineMediator<CacheConfig>({
  name: 'cache',
  parse(el, ctx) {
    const issue = mediatorIssues(el)[0];
    if (issue) ctx.fail(issue.code, issue.message, issue.at);
    if (attr(el, 'collector') === 'true') return { collector: true };
    const protocol = child(el, 'protocol');
    const text = (name: string) => (protocol && child(protocol, name) ? textOf(child(protocol, name)!).trim() : '');
    const onCacheHitEl = child(el, 'onCacheHit');
    const onCacheHitKey = onCacheHitEl && attr(onCacheHitEl, 'sequence');
    let onCacheHit: FinderConfig['onCacheHit'];
    if (onCacheHitKey !== undefined) onCacheHit = { key: onCacheHitKey };
    // An empty <onCacheHit/> (as MI for VS Code writes it) means the default: answer from the cache.
    else if (onCacheHitEl && elements(onCacheHitEl).length > 0) onCacheHit = { inline: ctx.parseSequence(onCacheHitEl) };
    const methods = protocol ? list(child(protocol, 'methods'), false).map((m) => m.toUpperCase()) : [];
    const implementation = child(el, 'implementation');
    return {
      collector: false,
      timeoutMs: whole(attr(el, 'timeout'), DEFAULT_TIMEOUT_S) * 1000,
      maxSize: whole(implementation && attr(implementation, 'maxSize'), DEFAULT_MAX_SIZE),
      maxMessageSize: whole(attr(el, 'maxMessageSize'), -1),
      methods: methods.length > 0 ? methods : ['*'],
      exclude: new Set(list(protocol && child(protocol, 'headersToExcludeInHash'), true)),
      include: new Set(list(protocol && child(protocol, 'headersToIncludeInHash'), true)),
      responseCodes: compileJavaRegex(text('responseCodes') || '.*'),
      includeAge: text('includeAgeHeader') === 'true',
      onCacheHit,
      entries: new Map(),
    };
  },
  mediate(c, msg, env) {
    return c.collector ? collect(msg, env) : find(c, msg, env);
  },
});
