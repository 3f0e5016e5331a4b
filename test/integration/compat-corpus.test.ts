/**
 * The compatibility corpus: real projects written by others (../shared/compat-corpus, each with the
 * requests and answers its sources document), measured with the corpus tool beside it against the CLI.
 * Prints the three figures (artifacts deployed, validator errors on what MI accepts, documented requests
 * answered as documented) and holds them: no error on what MI accepts, no valid artifact refused as
 * invalid, and neither count below what Conduit already reaches.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { test } from 'node:test';
import { CLI, ensureCli, ROOT } from '../helpers/runtime-process';

const SHARED = resolve(ROOT, '..', 'shared');
const TOOL = join(SHARED, 'tools', 'compat-corpus.mjs');
const CORPUS = join(SHARED, 'compat-corpus');

/**
 * Errors MI refuses too that a project's corpus.json does not list yet (file name, line, code, why MI
 * refuses it): they are not counted as errors on what MI accepts.
 */
const UNLISTED_GENUINE: Record<string, Array<{ file: string; line: number; code: string; reason: string }>> = {
  'docs-mi44-expressions': [
    {
      file: 'TestThrowErrorMediatorAPI.xml',
      line: 12,
      code: 'CONDUIT_EXPRESSION_INVALID',
      reason: "errorMessage {${var.ERROR_MSG}} is the pre-release var.x; ThrowErrorMediatorFactory compiles it with ValueFactory at deployment and SynapseExpression throws on the syntax error",
    },
  ],
};

/** What Conduit reaches today; raise these as it does better, never lower them. */
const FLOOR = { deployed: 47, requestsOk: 28 };

interface Refusal {
  file: string;
  code: string;
  message: string;
}

interface ProjectResult {
  name: string;
  /** `file:line:col CODE message` of each validator error corpus.json does not list as genuine. */
  validate: { falsePositives: string[] };
  run: { deployed: number; refused: number; refusals: Refusal[] };
  requests: Array<{ name: string; path?: string; ok: boolean; why?: string[] }>;
}

interface Report {
  results: ProjectResult[];
  totals: { projects: number; deployed: number; artifacts: number; falsePositiveErrors: number; requests: number; requestsOk: number };
}

interface CorpusProject {
  genuineErrors?: Array<{ file: string; line: number; code: string; reason: string }>;
  requests?: Array<{ name: string; path: string }>;
}

function corpusProject(name: string): CorpusProject {
  const file = join(CORPUS, name, 'corpus.json');
  const project = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CorpusProject) : {};
  return { ...project, genuineErrors: [...(project.genuineErrors ?? []), ...(UNLISTED_GENUINE[name] ?? [])] };
}

function isGenuine(project: string, problem: string): boolean {
  const m = /^(.*):(\d+):\d+ (\S+) /.exec(problem);
  return !!m && (UNLISTED_GENUINE[project] ?? []).some((g) => basename(m[1]) === g.file && Number(m[2]) === g.line && m[3] === g.code);
}

/** Files under dir (recursively) named `name`. */
function findFiles(dir: string, name: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) findFiles(p, name, found);
    else if (entry === name) found.push(p);
  }
  return found;
}

/**
 * The API contexts of a project's files that have genuine errors: MI refuses those artifacts too, so the
 * requests they serve cannot be answered by MI either and are not counted against Conduit.
 */
function refusedContexts(project: string, corpus: CorpusProject): string[] {
  const contexts: string[] = [];
  for (const file of new Set((corpus.genuineErrors ?? []).map((g) => g.file))) {
    for (const p of findFiles(join(CORPUS, project), basename(file))) {
      const context = /<api\b[^>]*\scontext="([^"]+)"/.exec(readFileSync(p, 'utf8'))?.[1];
      if (context) contexts.push(context);
    }
  }
  return contexts;
}

function runTool(json: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [TOOL, CLI, '--json', json], { cwd: ROOT, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`the corpus tool failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

test('the compatibility corpus: deployed artifacts, validator errors on what MI accepts, documented requests', { timeout: 320_000 }, async (t) => {
  if (!existsSync(TOOL) || !existsSync(CORPUS)) {
    t.skip(`the compatibility corpus is not at ${CORPUS}`);
    return;
  }
  ensureCli();
  const dir = mkdtempSync(join(tmpdir(), 'conduit-corpus-'));
  try {
    const json = join(dir, 'report.json');
    const stdout = await runTool(json);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const { totals } = report;

    let counted = 0;
    let answered = 0;
    const failing: string[] = [];
    for (const r of report.results) {
      const contexts = refusedContexts(r.name, corpusProject(r.name));
      const documented = new Map((corpusProject(r.name).requests ?? []).map((q) => [q.name, q.path]));
      for (const q of r.requests) {
        const path = documented.get(q.name) ?? '';
        if (contexts.some((c) => path.startsWith(c))) continue;
        counted++;
        if (q.ok) answered++;
        else failing.push(`${r.name}: ${q.name}: ${(q.why ?? []).join('; ')}`);
      }
    }
    const falsePositives = report.results.flatMap((r) =>
      r.validate.falsePositives.filter((p) => !isGenuine(r.name, p)).map((p) => `${r.name} ${p}`),
    );
    const percent = ((100 * totals.deployed) / totals.artifacts).toFixed(1);
    t.diagnostic(`${totals.projects} projects: ${totals.deployed}/${totals.artifacts} artifacts deployed (${percent}%)`);
    t.diagnostic(`${falsePositives.length} validator errors on what MI accepts`);
    t.diagnostic(`${answered}/${counted} documented requests answered as documented, on artifacts MI 4.4 accepts (${totals.requestsOk}/${totals.requests} of all)`);
    for (const f of failing) t.diagnostic(`not as documented: ${f}`);

    assert.deepEqual(falsePositives, [], 'validator errors on what MI accepts');

    // An artifact MI runs is either run or refused naming what Conduit does not run: never called invalid.
    const genuine = new Map(report.results.map((r) => [r.name, new Set((corpusProject(r.name).genuineErrors ?? []).map((g) => basename(g.file)))]));
    const invalid = report.results.flatMap((r) =>
      r.run.refusals.filter((f) => f.code !== 'CONDUIT_UNSUPPORTED' && !genuine.get(r.name)!.has(basename(f.file))).map((f) => `${r.name} ${f.file}: ${f.code} ${f.message}`),
    );
    assert.deepEqual(invalid, [], 'artifacts MI accepts refused as invalid');

    assert.ok(totals.deployed >= FLOOR.deployed, `${totals.deployed} artifacts deployed, fewer than the ${FLOOR.deployed} already reached\n${stdout}`);
    assert.ok(totals.requestsOk >= FLOOR.requestsOk, `${totals.requestsOk} requests as documented, fewer than the ${FLOOR.requestsOk} already reached\n${stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
