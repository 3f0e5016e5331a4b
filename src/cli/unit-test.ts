/**
 * `conduit test <project> [suite-file ...] [--junit <report.xml>]`: runs MI unit-test suites
 * (`<unit-test>` files under `src/test/wso2mi/` or `<Module>/test/`) against an in-process runtime.
 * Each suite gets its own runtime holding only the artifacts it names, and its own mock services,
 * each a local HTTP server on a free port that the mocked endpoint's URL is pointed at.
 *
 * This slice runs suites whose test artifact is an API; a suite testing a sequence is reported as not
 * runnable (exit 2) with that reason.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { loadProject } from '../model/project';
import type { Project } from '../model/types';
import { attr, walkElements } from '../model/xml';
import { ConsoleLogger } from '../runtime/logger';
import { createRuntime } from '../runtime/runtime';

export interface CaseResult {
  suite: string;
  name: string;
  /** Absent when the case passed. */
  failure?: { message: string; expected?: string; actual?: string };
  millis: number;
}

export interface SuiteResult {
  file: string;
  cases: CaseResult[];
  /** Set when the suite could not run at all. */
  error?: string;
}

interface Assertion {
  kind: 'assertEquals' | 'assertNotNull';
  actual: string;
  expected?: string;
  message: string;
}

interface TestCase {
  name: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  payload?: string;
  assertions: Assertion[];
}

interface MockResource {
  subContext: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  payload: string;
}

interface MockService {
  serviceName: string;
  context: string;
  resources: MockResource[];
}

class SuiteError extends Error {}

function children(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element);
  return out;
}

function child(el: Element | undefined, name: string): Element | undefined {
  return el ? children(el, name)[0] : undefined;
}

function text(el: Element | undefined): string | undefined {
  return el ? (el.textContent ?? '') : undefined;
}

function parseXml(source: string, file: string): Element {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(source, 'text/xml');
  if (errors.length || !doc.documentElement) throw new SuiteError(`${file} is not well-formed XML: ${errors[0] ?? 'no root element'}`);
  return doc.documentElement as unknown as Element;
}

function headersOf(el: Element | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of el ? children(el, 'header') : []) out[h.getAttribute('name') ?? ''] = h.getAttribute('value') ?? '';
  return out;
}

/** Finds the files `conduit test` runs when none are named: every `<unit-test>` XML under a test folder. */
export async function discoverSuites(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'target') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < 6) await walk(p, depth + 1);
      } else if (e.name.endsWith('.xml') && (p.includes(`${sep}test${sep}`) || p.includes(`${sep}wso2mi${sep}`))) {
        const head = (await readFile(p, 'utf8')).slice(0, 400);
        if (/<unit-test[\s>]/.test(head)) found.push(p);
      }
    }
  };
  await walk(root, 0);
  return found.sort();
}

/** Resolves a suite's artifact path (`/Module/src/main/...` or `src/main/...`) to a project artifact's file. */
function matchesPath(file: string, suitePath: string): boolean {
  const wanted = suitePath.replace(/\\/g, '/').replace(/^\/+/, '');
  const f = file.replace(/\\/g, '/');
  const parts = wanted.split('/');
  // MI for VS Code suites name paths from the project root; Integration Studio's from the workspace (`/Module/...`).
  for (let i = 0; i < parts.length - 1; i++) if (f.endsWith('/' + parts.slice(i).join('/'))) return i <= 1;
  return false;
}

async function readMock(path: string): Promise<MockService> {
  const source = await readFile(path, 'utf8').catch(() => {
    throw new SuiteError(`mock service ${path} cannot be read`);
  });
  const root = parseXml(source, path);
  if (root.localName !== 'mock-service') throw new SuiteError(`${path} is not a <mock-service> file`);
  const serviceName = text(child(root, 'service-name'))?.trim();
  if (!serviceName) throw new SuiteError(`${path} names no <service-name> (the endpoint it stands in for)`);
  const resources = children(child(root, 'resources') ?? root, 'resource').map((r) => {
    const response = child(r, 'response');
    return {
      subContext: text(child(r, 'sub-context'))?.trim() || '/',
      method: (text(child(r, 'method'))?.trim() || 'GET').toUpperCase(),
      status: Number(text(child(response, 'status-code'))?.trim() || 200),
      headers: headersOf(child(response, 'headers')),
      payload: text(child(response, 'payload')) ?? '',
    };
  });
  return { serviceName, context: text(child(root, 'context'))?.trim() || '/', resources };
}

function startMock(mock: MockService): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://mock');
      const ctx = mock.context.replace(/\/+$/, '');
      const r = mock.resources.find((x) => {
        const want = (ctx + '/' + x.subContext.replace(/^\/+/, '')).replace(/\/+$/, '') || '/';
        const [wantPath, wantQuery] = want.split('?');
        const got = url.pathname.replace(/\/+$/, '') || '/';
        return x.method === req.method && got === (wantPath || '/') && (!wantQuery || url.search.slice(1) === wantQuery);
      });
      if (!r) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`no mock resource for ${req.method} ${req.url} in ${mock.serviceName}`);
        return;
      }
      res.writeHead(r.status, r.headers).end(r.payload);
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

/** The URL a named endpoint calls: its address/http element's uri or uri-template. */
function endpointUrl(project: Project, name: string): string | undefined {
  const ep = project.artifacts.find((a) => a.kind === 'endpoint' && a.name === name);
  if (!ep) return undefined;
  let url: string | undefined;
  walkElements(ep.element, (el) => {
    const uri = attr(el, 'uri') ?? attr(el, 'uri-template');
    if (uri && url === undefined) url = uri.replace(/\{[^}]*\}.*$/, '');
  });
  if (url) return url;
  return undefined;
}

function readCases(root: Element): TestCase[] {
  return children(child(root, 'test-cases') ?? root, 'test-case').map((tc, i) => {
    const input = child(tc, 'input');
    const request = child(input, 'request') ?? input;
    const assertions: Assertion[] = [];
    for (let n = child(tc, 'assertions')?.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 1) continue;
      const el = n as Element;
      if (el.localName !== 'assertEquals' && el.localName !== 'assertNotNull')
        throw new SuiteError(`test case ${tc.getAttribute('name') ?? i + 1}: <${el.localName}> is not an assertion (assertEquals or assertNotNull)`);
      const actual = text(child(el, 'actual'))?.trim();
      if (!actual) throw new SuiteError(`test case ${tc.getAttribute('name') ?? i + 1}: an <${el.localName}> has no <actual> expression`);
      assertions.push({ kind: el.localName, actual, expected: text(child(el, 'expected')), message: text(child(el, 'message'))?.trim() ?? '' });
    }
    return {
      name: tc.getAttribute('name') || `case ${i + 1}`,
      path: text(child(request, 'request-path'))?.trim() || '/',
      method: (text(child(request, 'request-method'))?.trim() || 'GET').toUpperCase(),
      headers: headersOf(child(request, 'headers') ?? child(input, 'headers')),
      payload: text(child(request, 'payload') ?? child(input, 'payload')),
      assertions,
    };
  });
}

/** Compares as MI does for bodies: JSON by value, XML without the whitespace between elements, text trimmed. */
function sameValue(expected: string, actual: string): boolean {
  const e = expected.trim();
  const a = actual.trim();
  if (e === a) return true;
  try {
    return isDeepStrictEqual(JSON.parse(e), JSON.parse(a));
  } catch {
    /* not JSON */
  }
  if (e.startsWith('<') && a.startsWith('<')) {
    const norm = (s: string) => s.replace(/<\?xml[^>]*\?>/, '').replace(/>\s+</g, '><').trim();
    return norm(e) === norm(a);
  }
  return false;
}

function actualValue(expr: string, res: { status: number; headers: Record<string, string>; text: string }): string | undefined {
  if (expr === '$body') return res.text;
  if (expr === '$statusCode') return String(res.status);
  if (expr === '$httpVersion') return 'HTTP/1.1';
  const trp = /^\$trp:(.+)$/.exec(expr);
  if (trp) {
    const key = Object.keys(res.headers).find((k) => k.toLowerCase() === trp[1].toLowerCase());
    return key === undefined ? undefined : res.headers[key];
  }
  throw new SuiteError(`the assertion expression ${expr} is not supported for an API test yet ($body, $statusCode, $httpVersion, $trp:name are)`);
}

/** Runs one suite file in its own runtime. Never throws: a suite that cannot run has `error`. */
export async function runSuite(projectRoot: string, file: string): Promise<SuiteResult> {
  const suiteName = basename(file, '.xml');
  const servers: http.Server[] = [];
  let runtime: ReturnType<typeof createRuntime> | undefined;
  let dataDir: string | undefined;
  try {
    const source = await readFile(file, 'utf8').catch(() => {
      throw new SuiteError(`${file} cannot be read`);
    });
    const root = parseXml(source, file);
    if (root.localName !== 'unit-test') throw new SuiteError(`${file} is not a unit-test suite (its root is <${root.localName}>)`);
    const artifacts = child(root, 'artifacts');
    const testPath = text(child(child(artifacts, 'test-artifact'), 'artifact'))?.trim();
    if (!testPath) throw new SuiteError(`${file} names no <test-artifact><artifact>`);
    const supportive = children(child(artifacts, 'supportive-artifacts') ?? root, 'artifact').map((a) => (a.textContent ?? '').trim()).filter(Boolean);
    const cases = readCases(root);
    const project = await loadProject(projectRoot);
    const pick = (p: string) => {
      const found = project.artifacts.find((a) => matchesPath(a.file, p));
      if (!found) throw new SuiteError(`the artifact ${p} named by ${file} is not in the project`);
      return found;
    };
    const tested = pick(testPath);
    if (tested.kind !== 'api') throw new SuiteError(`${file} tests the ${tested.kind} ${tested.name}; only suites testing an API run in this version`);
    const chosen = [tested, ...supportive.map(pick)];

    const overrides: Record<string, string> = {};
    const suiteDir = dirname(file);
    for (const m of children(child(root, 'mock-services') ?? root, 'mock-service')) {
      const ref = (m.textContent ?? '').trim();
      if (!ref) continue;
      const candidates = [resolve(suiteDir, ref), resolve(suiteDir, 'mock-services', basename(ref)), resolve(projectRoot, ref.replace(/^\/+/, ''))];
      const path = (await Promise.all(candidates.map(async (c) => ((await stat(c).catch(() => undefined))?.isFile() ? c : undefined)))).find(Boolean);
      if (!path) throw new SuiteError(`the mock service ${ref} named by ${file} was not found (looked at ${candidates.join(', ')})`);
      const mock = await readMock(path);
      const url = endpointUrl(project, mock.serviceName);
      if (!url) throw new SuiteError(`the mock service ${path} stands in for the endpoint ${mock.serviceName}, which the project does not define`);
      const server = await startMock(mock);
      servers.push(server);
      const base = url.replace(/\/+$/, '');
      overrides[base] = `http://127.0.0.1:${(server.address() as AddressInfo).port}${mock.context.replace(/\/+$/, '')}`;
      if (!chosen.some((a) => a.kind === 'endpoint' && a.name === mock.serviceName)) chosen.push(project.artifacts.find((a) => a.kind === 'endpoint' && a.name === mock.serviceName)!);
    }

    // Each suite has its own stores, in a folder of its own that is removed afterwards (never the project's).
    dataDir = await mkdtemp(join(tmpdir(), 'conduit-test-'));
    runtime = createRuntime({ logger: new ConsoleLogger('FATAL'), port: 0, endpointOverrides: overrides, embeddedBroker: true, dataDir });
    await runtime.deploy({ ...project, artifacts: chosen });
    const api = runtime.deployedApis().find((a) => a.name === tested.name);
    if (!api) throw new SuiteError(`the API ${tested.name} did not deploy`);

    const results: CaseResult[] = [];
    for (const tc of cases) {
      const started = performance.now();
      const rel = tc.path.startsWith('/') ? tc.path : '/' + tc.path;
      const res = await runtime.inject({ method: tc.method, url: api.context.replace(/\/+$/, '') + rel, headers: tc.headers, body: tc.payload });
      let failure: CaseResult['failure'];
      for (const a of tc.assertions) {
        const actual = actualValue(a.actual, res);
        if (a.kind === 'assertNotNull') {
          if (actual === undefined || actual === '') failure = { message: a.message || `${a.actual} is null`, expected: 'not null', actual: String(actual ?? 'null') };
        } else if (actual === undefined || !sameValue(a.expected ?? '', actual)) {
          failure = { message: a.message || `${a.actual} did not match`, expected: (a.expected ?? '').trim(), actual: (actual ?? 'null').trim() };
        }
        if (failure) break;
      }
      results.push({ suite: suiteName, name: tc.name, failure, millis: performance.now() - started });
    }
    return { file, cases: results };
  } catch (err) {
    return { file, cases: [], error: err instanceof SuiteError ? err.message : `${file} could not run: ${(err as Error).message}` };
  } finally {
    await runtime?.stop().catch(() => undefined);
    await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A JUnit XML report: one testsuite per suite file, a failure per failed case, an error per suite that could not run. */
export function junitReport(results: SuiteResult[], root: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = results.flatMap((r) => r.cases);
  lines.push(`<testsuites name="conduit test" tests="${all.length}" failures="${all.filter((c) => c.failure).length}" errors="${results.filter((r) => r.error).length}">`);
  for (const r of results) {
    const name = xmlEscape(relative(root, r.file));
    const failures = r.cases.filter((c) => c.failure).length;
    lines.push(`  <testsuite name="${name}" tests="${r.cases.length}" failures="${failures}" errors="${r.error ? 1 : 0}">`);
    if (r.error) lines.push(`    <error message="${xmlEscape(r.error)}"/>`);
    for (const c of r.cases) {
      const time = (c.millis / 1000).toFixed(3);
      if (!c.failure) {
        lines.push(`    <testcase classname="${name}" name="${xmlEscape(c.name)}" time="${time}"/>`);
        continue;
      }
      lines.push(`    <testcase classname="${name}" name="${xmlEscape(c.name)}" time="${time}">`);
      lines.push(`      <failure message="${xmlEscape(c.failure.message)}">${xmlEscape(`expected: ${c.failure.expected ?? ''}\nactual:   ${c.failure.actual ?? ''}`)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

/** Runs the suites and prints a line per case; the exit code is 0 all passed, 1 a case failed, 2 a suite could not run. */
export async function testCommand(projectArg: string, suiteArgs: string[], junit: string | undefined, out: (line: string) => void): Promise<number> {
  const root = resolve(projectArg);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    out(`error: ${root} is not a project folder`);
    return 2;
  }
  const files = suiteArgs.length ? suiteArgs.map((s) => resolve(s)) : await discoverSuites(root);
  if (!files.length) {
    out(`error: no unit-test suites found under ${root} (looked in src/test/wso2mi/ and <Module>/test/)`);
    return 2;
  }
  const results: SuiteResult[] = [];
  for (const f of files) {
    const r = await runSuite(root, f);
    results.push(r);
    const name = relative(root, f);
    if (r.error) out(`ERROR ${name}: ${r.error}`);
    for (const c of r.cases) {
      out(`${c.failure ? 'FAIL' : 'PASS'} ${name} › ${c.name} (${Math.round(c.millis)} ms)`);
      if (c.failure) {
        out(`     ${c.failure.message}`);
        out(`     expected: ${c.failure.expected}`);
        out(`     actual:   ${c.failure.actual}`);
      }
    }
  }
  const cases = results.flatMap((r) => r.cases);
  const failed = cases.filter((c) => c.failure).length;
  const broken = results.filter((r) => r.error).length;
  out(`${cases.length - failed} passed, ${failed} failed${broken ? `, ${broken} suite${broken > 1 ? 's' : ''} could not run` : ''}`);
  if (junit) await writeFile(junit, junitReport(results, root));
  return broken ? 2 : failed ? 1 : 0;
}
