/**
 * Per-message latency of the `<datamapper>` mediator on the tutorial's RequestMapping.dmc: the
 * reservation request mapped JSON to JSON, through the runtime's own Flow (input handling, the
 * mapping, the output payload). Two series, alternating message by message so both see the same
 * machine load: `sandbox`, the runtime's DataMapperSandbox (a process of its own), and `in-process`,
 * the same V8 context set-up run in the runtime's own process (how mappings ran before the sandbox
 * process, and what it costs). Both warm up first, so the process is running and the script compiled.
 * No goal: it tells what isolating mappings costs per message.
 *
 * `node --import tsx bench/datamapper.ts [--count 1000]`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Script, createContext } from 'node:vm';
import type { EndpointContext } from '../src/runtime/endpoints/endpoint';
import { Flow } from '../src/runtime/flow';
import { MemoryLogger } from '../src/runtime/logger';
import { DataMapperSandbox } from '../src/runtime/mediators/datamapper-sandbox';
import type { DataMapper } from '../src/runtime/mediators/types';
import { MessageContext, Payload } from '../src/runtime/message';
import { harness } from '../test/helpers/mediation';
import { report, summarize } from './lib';

const DMC = join(__dirname, '..', 'samples', 'healthcare', 'src', 'main', 'wso2mi', 'resources', 'registry', 'gov', 'datamapper', 'RequestMapping.dmc');
const REQUEST = readFileSync(join(__dirname, '..', 'samples', 'healthcare', 'reservation.json'), 'utf8');

const RUNNER = new Script(`(() => {
  inputroot = JSON.parse(__input);
  const name = Object.keys(globalThis).find((k) => k.startsWith('map_S_') && typeof globalThis[k] === 'function');
  return JSON.stringify(globalThis[name]());
})()`);

const onlyMappings = () => Promise.reject(new Error('this comparison runs data mappings only'));

/** The sandbox's context set-up, run in this process. */
function inProcess(): DataMapper {
  const scripts = new Map<string, Script>();
  return {
    async map(source, inputJson, options = {}) {
      let script = scripts.get(source);
      if (!script) scripts.set(source, (script = new Script(source)));
      const sandbox = Object.create(null) as Record<string, unknown>;
      sandbox.__input = inputJson;
      const context = createContext(sandbox, { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
      script.runInContext(context, { timeout: options.timeoutMs });
      return RUNNER.runInContext(context, { timeout: options.timeoutMs }) as string;
    },
    runScript: onlyMappings,
    runXslt: onlyMappings,
  };
}

export async function main(argv: string[]): Promise<boolean> {
  const { values } = parseArgs({ args: argv, options: { count: { type: 'string', default: '1000' } } });
  const count = Number(values.count);
  const seq = harness({ 'gov:datamapper/RequestMapping.dmc': readFileSync(DMC) }).compile(
    '<datamapper config="gov:datamapper/RequestMapping.dmc" inputType="JSON" outputType="JSON"/>',
  );
  const sandbox = new DataMapperSandbox();
  const mappers: Record<string, DataMapper> = { sandbox, 'in-process': inProcess() };
  const once = async (dataMapper: DataMapper): Promise<number> => {
    const services = { logger: new MemoryLogger(), sequences: new Map(), endpoints: new Map(), stores: new Map(), failovers: new Map(), endpointContext: {} as EndpointContext, dataMapper };
    const msg = new MessageContext();
    msg.setPayload(Payload.json(REQUEST));
    const t0 = performance.now();
    await new Flow(services).run(seq, msg);
    const ms = performance.now() - t0;
    if (!msg.payload.text.startsWith('{"patient":')) throw new Error(`unexpected mapping output: ${msg.payload.text}`);
    return ms;
  };
  const times: Record<string, number[]> = { sandbox: [], 'in-process': [] };
  for (let i = 0; i < 100; i++) for (const m of Object.values(mappers)) await once(m);
  for (let i = 0; i < count; i++) for (const [name, m] of Object.entries(mappers)) times[name].push(await once(m));
  await sandbox.close();
  return report({
    name: 'datamapper',
    series: { sandbox: summarize(times.sandbox, 'ms'), 'in-process': summarize(times['in-process'], 'ms') },
    meta: { count, warmup: 100, script: 'samples/healthcare RequestMapping.dmc' },
  });
}

if (require.main === module) main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1));
