/**
 * A small test runner for the extension host: `suite`/`test` register, `runAll` runs them in order and
 * reports in node:test's style through the console (which the workbench forwards to the harness),
 * ending with `# N passed, N failed`. The host offers no test framework of its own.
 */
type Fn = () => unknown | Promise<unknown>;
interface Case {
  name: string;
  fn: Fn;
}

const cases: Case[] = [];
const teardowns: Fn[] = [];
let prefix = '';

export function suite(name: string, body: () => void): void {
  const outer = prefix;
  prefix = outer ? `${outer} › ${name}` : name;
  try {
    body();
  } finally {
    prefix = outer;
  }
}

export function test(name: string, fn: Fn): void {
  cases.push({ name: prefix ? `${prefix} › ${name}` : name, fn });
}

/** Runs after every test, last registered first (to stop processes a test started). */
export function after(fn: Fn): void {
  teardowns.push(fn);
}

export async function runAll(grep = ''): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const c of cases) {
    if (grep && !c.name.includes(grep)) continue;
    const t0 = Date.now();
    console.log(`# ${c.name}`);
    try {
      await c.fn();
      passed++;
      console.log(`✔ ${c.name} (${Date.now() - t0}ms)`);
    } catch (err) {
      failed++;
      console.log(`✖ ${c.name} (${Date.now() - t0}ms)`);
      console.log(`  ${String((err as Error)?.stack ?? err).split('\n').slice(0, 8).join('\n  ')}`);
    }
  }
  for (const fn of teardowns.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.log(`  teardown: ${String(err)}`);
    }
  }
  console.log(`# ${passed} passed, ${failed} failed`);
  return { passed, failed };
}
