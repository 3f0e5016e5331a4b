/**
 * Seeded random input for the hardening tests: a small, fast PRNG (mulberry32) so a failing case can
 * be replayed from the seed printed with it, generators for odd HTTP requests and broken artifact XML,
 * and a helper that writes a project folder from artifact texts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A deterministic random source; every generator below takes one. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  /** A string of `n` characters drawn from `alphabet`. */
  string(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

/**
 * Seeds every run takes, so the gate is the same on every machine: each found a failure somewhere once
 * (1248354252: a client half-closing after its request, now src/runtime/http/listener.test.ts;
 * 3243310538: early answers reset on other machines, now the lingering-close tests beside the listener),
 * plus a few plain ones. A failure any seed finds gets its own deterministic test beside the code it fixes.
 */
const FIXED_SEEDS: readonly number[] = [1248354252, 3243310538, 1, 2, 3];

/**
 * The seeds of a run: CONDUIT_FUZZ_SEED alone when set (to replay a failure), else the fixed seeds and a
 * fresh one, which keeps exploring; its value is printed with every run.
 */
export function fuzzSeeds(): number[] {
  const replay = process.env.CONDUIT_FUZZ_SEED;
  if (replay) return [Number(replay) >>> 0];
  return [...FIXED_SEEDS, (Math.random() * 2 ** 32) >>> 0];
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO', 'M-SEARCH', 'get'];
const PATH_PIECES = ['/f', '/f/echo', '/f/store', '/f/echo/x', '//', '/..', '/%2e%2e/', '/%', '/%zz', '/%00', '/%ff%fe', '/%c0%af', '/~', '/;a=b', '/f/echo?', '/f/echo?a=%', '/f/echo?a=1&a=2&&=', '/f/echo#x', '/\u00e9', '/f/\u{1f600}', '/f/echo/%E2%82%AC', '/*', '/f/{x}', '/f/echo?q=' + 'a'.repeat(3000)];
const CONTENT_TYPES = ['application/json', 'application/xml', 'text/xml', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/json; charset=utf-16', 'application/soap+xml', 'multipart/form-data; boundary=x', 'application/vnd.api+json', '', 'garbage/;;;', 'application/xml; charset=ebcdic'];

/** One random body: valid, malformed, mislabelled or binary. */
export function randomBody(r: Rng): string | Buffer {
  switch (r.int(0, 9)) {
    case 0:
      return '';
    case 1:
      return JSON.stringify({ a: r.int(0, 1e6), s: r.string(r.int(0, 40), 'abc"\\\u0000\u2028<>&') });
    case 2:
      return '{"a": ' + r.string(r.int(1, 30), '{}[]":,0123456789truefalsn ');
    case 3:
      return '<a>' + r.string(r.int(0, 60), '<>/&;="\'abc ') + '</a>';
    case 4:
      return `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>`;
    case 5:
      return Buffer.from(Array.from({ length: r.int(1, 200) }, () => r.int(0, 255)));
    case 6:
      return '\ufeff' + JSON.stringify([1, 2, 3]);
    case 7:
      return '"' + 'x'.repeat(r.int(0, 5000)) + '"';
    case 8:
      return '[' + '1,'.repeat(r.int(0, 2000)) + '1]';
    default:
      return r.string(r.int(1, 100), '\u0000\u0001\r\n\t abc{}<>');
  }
}

export interface RandomRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A random request for a raw socket: any method, odd paths, odd headers, any body. */
export function randomRequest(r: Rng): RandomRequest {
  let path = '';
  for (let i = r.int(1, 3); i > 0; i--) path += r.pick(PATH_PIECES);
  if (!path.startsWith('/')) path = '/' + path;
  const headers: Record<string, string> = {};
  const ct = r.pick(CONTENT_TYPES);
  if (ct) headers['Content-Type'] = ct;
  if (r.bool(0.2)) headers['X-Big'] = 'h'.repeat(r.int(100, 20_000));
  if (r.bool(0.1)) headers['Accept'] = r.string(r.int(0, 50), 'abc/*;=q.,');
  if (r.bool(0.1)) headers['activityid'] = r.string(r.int(0, 40), 'abc-0123456789{}');
  if (r.bool(0.1)) headers['Host'] = r.pick(['', 'evil:99999', '[::1', 'a'.repeat(300)]);
  return { method: r.pick(METHODS), path, headers, body: randomBody(r) };
}

/** Writes `files` (paths relative to `dir`) and returns `dir`. */
export function writeProject(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** The Synapse namespace declaration every artifact needs. */
export const SYNAPSE_NS = 'xmlns="http://ws.apache.org/ns/synapse"';
