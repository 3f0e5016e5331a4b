/** `npm run bench`: every benchmark in turn; exits non-zero when one misses its target or cannot run. */
import { main as drain } from './drain';
import { main as extension } from './extension';
import { main as passthrough } from './passthrough';
import { main as startup } from './startup';
import { main as storeThroughput } from './store-throughput';

async function all(): Promise<boolean> {
  let ok = true;
  for (const bench of [startup, passthrough, storeThroughput, drain, extension]) {
    try {
      ok = (await bench([])) && ok;
    } catch (err) {
      console.error((err as Error).message);
      ok = false;
    }
  }
  return ok;
}

all().then((ok) => process.exit(ok ? 0 : 1));
