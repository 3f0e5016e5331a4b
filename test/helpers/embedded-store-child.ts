/**
 * Child process for the crash tests: `store <dataDir> <count>` stores messages {n: 1..count} one by
 * one and prints `stored n` after each store() resolves; `take <dataDir>` receives every message
 * without acknowledging and prints `taken n`. The parent kills it with SIGKILL part way.
 */
import { EmbeddedStore } from '../../src/runtime/stores/embedded';
import { n, storedMessage } from './stored-message';

async function main(): Promise<void> {
  const [mode, dataDir, count] = process.argv.slice(2);
  const store = new EmbeddedStore('CrashStore', { dataDir: dataDir! });
  await store.open();
  if (mode === 'store') {
    for (let i = 1; i <= Number(count); i++) {
      await store.store(storedMessage({ n: i }));
      process.stdout.write(`stored ${i}\n`);
    }
  } else {
    const c = store.consumer();
    for (let d = await c.receive(); d; d = await c.receive()) process.stdout.write(`taken ${n(d.message)}\n`);
    process.stdout.write('all taken\n');
    // waits to be killed, holding every message unacknowledged
    setInterval(() => {}, 1000);
    return;
  }
  await store.close();
}

void main();
