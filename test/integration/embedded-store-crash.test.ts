/**
 * The embedded store's promise under a real crash: a child process is killed with SIGKILL while it
 * writes (or while it holds messages unacknowledged), and every message it was told was stored is
 * there, in order, when the store is opened again.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EmbeddedStore } from '../../src/runtime/stores/embedded';
import { n, storedMessage } from '../helpers/stored-message';

const CHILD = join(__dirname, '..', 'helpers', 'embedded-store-child.ts');

/** Runs the child until `stopWhen` sees its output, kills it with SIGKILL, resolves with its output lines. */
function runAndKill(args: string[], stopWhen: (lines: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let buf = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      lines.push(...parts);
      if (!killed && stopWhen(lines)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`child exited by itself (code ${code}) before it was killed`));
    });
  });
}

async function contents(dataDir: string): Promise<number[]> {
  const s = new EmbeddedStore('CrashStore', { dataDir });
  await s.open();
  try {
    const all = await s.browse(1_000_000);
    assert.equal(await s.size(), all.length);
    return all.map((m) => n(m)!);
  } finally {
    await s.close();
  }
}

test('SIGKILL mid-write loses no message the writer was told was stored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines = await runAndKill(['store', dir, '100000'], (l) => l.length >= 300);
  const confirmed = lines.filter((l) => l.startsWith('stored ')).length;
  assert.ok(confirmed >= 300);
  const found = await contents(dir);
  assert.ok(found.length >= confirmed, `found ${found.length} messages, ${confirmed} were confirmed`);
  // at most the one write in flight beyond the confirmed ones, and all in arrival order
  assert.ok(found.length <= confirmed + 1);
  assert.deepEqual(found, Array.from({ length: found.length }, (_, i) => i + 1));

  // the reopened store goes on numbering after the survivors
  const s = new EmbeddedStore('CrashStore', { dataDir: dir });
  await s.open();
  await s.store(storedMessage({ n: found.length + 1 }));
  const all = await s.browse(1_000_000);
  assert.equal(n(all.at(-1)), found.length + 1);
  await s.close();
});

test('SIGKILL of a consumer holding messages unacknowledged leaves them all to be delivered again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const writer = new EmbeddedStore('CrashStore', { dataDir: dir });
  await writer.open();
  for (let i = 1; i <= 20; i++) await writer.store(storedMessage({ n: i }));
  await writer.close();

  const lines = await runAndKill(['take', dir], (l) => l.includes('all taken'));
  assert.equal(lines.filter((l) => l.startsWith('taken ')).length, 20);
  assert.deepEqual(await contents(dir), Array.from({ length: 20 }, (_, i) => i + 1));
});

test('an unwritable data folder is a clear CONDUIT_STORE_UNAVAILABLE error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // a plain file where the folder should be: refused whoever runs the test, root included
  writeFileSync(join(dir, 'not-a-folder'), 'x');
  const s = new EmbeddedStore('Blocked', { dataDir: join(dir, 'not-a-folder') });
  await assert.rejects(s.open(), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'CONDUIT_STORE_UNAVAILABLE');
    assert.match(err.message, /Blocked.*cannot create its folder/);
    return true;
  });
});

test('a store folder held by another runtime is refused clearly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const a = new EmbeddedStore('Shared', { dataDir: dir });
  await a.open();
  t.after(() => a.close());
  const b = new EmbeddedStore('Shared', { dataDir: dir });
  await assert.rejects(b.open(), (err: Error & { code?: string }) => err.code === 'CONDUIT_STORE_UNAVAILABLE' && /in use/.test(err.message));
});
