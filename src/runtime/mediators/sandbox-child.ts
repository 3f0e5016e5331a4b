/**
 * The program of the sandbox process (datamapper-sandbox.ts). It is a real function, so the type checker
 * sees it, and the parent sends its source text to `node -e`: it runs the same under tsx, from the esbuild
 * bundle and from the editor's own Node, with no second file to build or locate. So it must not use
 * anything from outside its own body: imports are required inside it, its inputs are its parameters.
 *
 * Its global context and the sandbox are separate: a mapping sees a context whose global has a null
 * prototype (a plain object would hand it this realm's Object, and through its constructor a Function
 * that compiles code and reaches `process`), no require, process, timers or network, and neither string
 * code generation nor WebAssembly. Input and output cross as JSON text.
 */

/** A job as the parent sends it. */
export interface SandboxJob {
  kind: 'map' | 'script' | 'xslt';
  fn?: string;
  script: number;
  /** The code; for XSLT, the path of xslt-processor's module (with the first XSLT job only). */
  source: string;
  filename: string;
  input: string;
  /** A mapping's DM_PROPERTIES as JSON text. */
  properties?: string;
  timeoutMs: number;
}

export function sandboxChild(runnerSource: string, scriptContextSource: string): void {
  const vm = require('node:vm') as typeof import('node:vm');
  const RUNNER = new vm.Script(runnerSource);
  const SCRIPT_CONTEXT = new vm.Script(scriptContextSource);
  const CALL = new vm.Script('globalThis[__function](mc) === false');
  const OUTPUT = new vm.Script('__output(__stop)');
  const PROMISE_PROTOTYPE = new vm.Script('Promise.prototype');
  const sandboxPromises = new WeakSet<object>();
  const scripts = new Map<number, import('node:vm').Script>();
  // A promise a mapping rejects and never handles (import(), an async function that throws) would end
  // this process: Node treats unhandled rejections as fatal. Nothing outside the mapping can observe it.
  process.on('unhandledRejection', (reason, promise) => {
    if (sandboxPromises.has(Object.getPrototypeOf(promise))) return;
    throw reason;
  });
  const messageOf = (err: unknown): string =>
    err !== null && typeof err === 'object' && 'message' in err ? String((err as { message: unknown }).message) : String(err);
  const compiled = (job: SandboxJob): import('node:vm').Script => {
    let script = scripts.get(job.script);
    if (!script) {
      script = new vm.Script(job.source, { filename: job.filename });
      scripts.set(job.script, script);
    }
    return script;
  };
  const contextFor = (job: SandboxJob): import('node:vm').Context => {
    const sandbox = Object.create(null) as Record<string, unknown>;
    sandbox.__input = job.input;
    sandbox.__properties = job.properties;
    // Promise callbacks run inside runInContext, so within the time limit and before the answer is sent.
    const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
    sandboxPromises.add(PROMISE_PROTOTYPE.runInContext(context) as object);
    return context;
  };
  const map = (job: SandboxJob): string => {
    const script = compiled(job);
    const context = contextFor(job);
    script.runInContext(context, { timeout: job.timeoutMs });
    const out: unknown = RUNNER.runInContext(context, { timeout: job.timeoutMs });
    if (typeof out !== 'string') throw new Error('the mapping returned no object');
    return out;
  };
  // A script mediator: mc is made inside the context; the script runs as a whole (its completion value
  // is its result, as a script engine's eval gives it) or, with a function name, defines that function,
  // which is then called with mc. The time limit covers the three steps together.
  const runScript = (job: SandboxJob): string => {
    const deadline = Date.now() + job.timeoutMs;
    const left = () => ({ timeout: Math.max(1, deadline - Date.now()) });
    const code = compiled(job);
    const context = contextFor(job);
    SCRIPT_CONTEXT.runInContext(context, left());
    const completion: unknown = code.runInContext(context, left());
    let stop = completion === false;
    if (job.fn !== undefined) {
      context.__function = job.fn;
      stop = CALL.runInContext(context, left()) === true;
    }
    context.__stop = stop;
    const out: unknown = OUTPUT.runInContext(context, left());
    if (typeof out !== 'string') throw new Error('the script replaced what reports its changes');
    return out;
  };
  // The stylesheet, input, parameters and imported stylesheets come as JSON; only <resource>s answer imports.
  // The module's path comes with the first XSLT job only, as a script's source does.
  let xsltProcessor: typeof import('xslt-processor') | undefined;
  const xslt = async (job: SandboxJob): Promise<string> => {
      const { Xslt, XmlParser } = xsltProcessor ?? (xsltProcessor = require(job.source) as typeof import('xslt-processor'));
    const { xml, stylesheet, params, resources } = JSON.parse(job.input) as {
      xml: string;
      stylesheet: string;
      params: { name: string; value: unknown }[];
      resources: Record<string, string>;
    };
    const parser = new XmlParser();
    const processor = new Xslt({
      parameters: params,
      fetchFunction: async (uri: string) => {
        if (Object.prototype.hasOwnProperty.call(resources, uri)) return resources[uri]!;
        throw new Error(uri + ' is imported, but no <resource location="' + uri + '" key=".."/> names it');
      },
    } as ConstructorParameters<typeof Xslt>[0]);
    return await processor.xsltProcess(parser.xmlParse(xml), parser.xmlParse(stylesheet));
  };
  process.on('message', async (job: SandboxJob) => {
    let reply: { out?: string; error?: string };
    try {
      reply = { out: job.kind === 'xslt' ? await xslt(job) : job.kind === 'script' ? runScript(job) : map(job) };
    } catch (err) {
      reply = { error: messageOf(err) };
    }
    process.send!(reply);
  });
  process.send!({ ready: true });
}
