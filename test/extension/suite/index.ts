// Entry point the extension host loads (the @vscode/test-electron `run()` contract). Test files register
// their cases on import; the bundle holds them all. Order matters: later suites see the files earlier ones wrote.
import { runAll } from './harness';
import './activation.test';
import './explorer.test';
import './wizards.test';
import './export-run.test';
import './try-it.test';
import './debugger.test';
import './datamapper.test';
import './diagram.test';

export async function run(): Promise<void> {
  console.log('# extension tests starting');
  const { passed, failed } = await runAll(process.env.CONDUIT_TEST_GREP ?? '');
  if (failed > 0 || passed === 0) throw new Error(`${failed} of ${passed + failed} tests failed`);
}
