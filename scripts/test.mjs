// Type-checks the project, then runs every unit test (src/**/*.test.ts) and integration test
// (test/integration/**/*.test.ts) with Node's built-in runner. TypeScript is loaded through tsx, which
// does not check types, so the checker runs first and a type error fails the run. Extra arguments narrow
// the run to files whose path contains one of them and skip the type check: `npm test -- stores processors`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function find(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...find(join(root, 'src')), ...find(join(root, 'test', 'integration'))]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (filters.length === 0) {
  console.log('type check: npm run typecheck');
  const checked = spawnSync('npm', ['run', '--silent', 'typecheck'], { cwd: root, stdio: 'inherit' });
  if (checked.status !== 0) {
    console.error('the type check failed: no tests were run');
    process.exit(checked.status ?? 1);
  }
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
