/**
 * The MI 4.4 TypeScript data mapper. A project written with MI for VS Code 4.4 commits
 * `resources/datamapper/X/X.ts` (interfaces for the input and output, `mapFunction(input): output`) and
 * `dm-utils.ts`; MI's build generates beside them what the `datamapper` mediator names: `X.dmc` (the
 * mapping bundled into one script that defines the global `DataMapper`, then the functions the data
 * mapper engine calls) and `X_inputSchema.json` / `X_outputSchema.json` (the interfaces as JSON schemas).
 *
 * Conduit generates the same files when the project has not been built, so the mapping runs, the
 * validator finds what the mediator names, and an exported CAR carries them as MI's build would.
 * esbuild bundles the script; the TypeScript compiler reads the interfaces. Both are loaded only when a
 * project has such a mapping.
 */
import { dirname, join } from 'node:path';
import type { Message as EsbuildMessage, Plugin } from 'esbuild';
import type * as TsModule from 'typescript';
import { problem, type Problem } from './errors';
import { GOVERNANCE_ROOT, MI_RESOURCES_ROOT, joinRegistryPath } from './registry';
import type { Project, RegistryResource } from './types';
import type { Range } from './xml';

/** A mapping folder: `<registry dir>/<name>/<name>.ts`. */
export interface TsDataMapper {
  name: string;
  /** Registry path of its folder. */
  dir: string;
  source: RegistryResource;
}

/** The files MI's build writes for a mapping, by registry path. */
export interface GeneratedDataMapper {
  dmc: string;
  inputSchema: string;
  outputSchema: string;
}

/** Where MI for VS Code keeps mapping folders: resources/datamapper (4.4) and resources/registry/gov/datamapper (4.3). */
const MAPPER_ROOTS = [`${MI_RESOURCES_ROOT}/datamapper/`, `${GOVERNANCE_ROOT}/datamapper/`];

/** The project's TypeScript mappings: every `<root>/<name>/<name>.ts`. */
export function tsDataMappers(registry: Map<string, RegistryResource>): TsDataMapper[] {
  const out: TsDataMapper[] = [];
  for (const res of registry.values()) {
    const root = MAPPER_ROOTS.find((r) => res.path.startsWith(r));
    if (!root) continue;
    const parts = res.path.slice(root.length).split('/');
    if (parts.length === 2 && parts[1] === `${parts[0]}.ts`) out.push({ name: parts[0], dir: root + parts[0], source: res });
  }
  return out;
}

/** Registry paths of the three files generated for a mapping. */
export function generatedPaths(m: Pick<TsDataMapper, 'dir' | 'name'>): GeneratedDataMapper {
  return {
    dmc: joinRegistryPath(m.dir, `${m.name}.dmc`),
    inputSchema: joinRegistryPath(m.dir, `${m.name}_inputSchema.json`),
    outputSchema: joinRegistryPath(m.dir, `${m.name}_outputSchema.json`),
  };
}

/** True when MI's build generates `path` from one of the project's TypeScript mappings. */
export function isBuildOutput(registry: Map<string, RegistryResource>, path: string): boolean {
  return tsDataMappers(registry).some((m) => Object.values(generatedPaths(m)).includes(path));
}

/** True for a registry resource that is a mapping's TypeScript source (tooling input, not deployed by MI). */
export function isDataMapperSource(path: string): boolean {
  return path.endsWith('.ts') && MAPPER_ROOTS.some((r) => path.startsWith(r));
}

/**
 * Adds to the project's registry the generated files of each TypeScript mapping that lacks them (a
 * project that was built keeps its own). A mapping that does not compile gets a problem at its line
 * in X.ts and no .dmc, so the mediators naming it are refused as before.
 */
export async function generateTsDataMappers(project: Project): Promise<void> {
  for (const m of tsDataMappers(project.registry)) {
    const paths = generatedPaths(m);
    const missing = (Object.keys(paths) as (keyof GeneratedDataMapper)[]).filter((k) => !project.registry.has(paths[k]));
    if (missing.length === 0) continue;
    let generated: Awaited<ReturnType<typeof generateDataMapper>>;
    try {
      generated = await generateDataMapper(m, project.registry);
    } catch (err) {
      // esbuild or the TypeScript compiler missing or failing: this mapping's loss, not the project's.
      project.problems.push(problem('CONDUIT_DATAMAPPER_FAILED', `the data mapping ${m.name} cannot be generated from its TypeScript: ${(err as Error).message}`, { file: m.source.file }));
      continue;
    }
    const { files, problems } = generated;
    project.problems.push(...problems);
    const sourceDir = dirname(m.source.file);
    for (const k of missing) {
      const content = files[k];
      if (content === undefined) continue;
      const path = paths[k];
      const file = join(sourceDir, path.slice(path.lastIndexOf('/') + 1));
      const artifactName = k === 'dmc' ? m.name : `${m.name}_${k}`;
      const mediaType = k === 'dmc' ? 'text/plain' : 'application/json';
      project.registry.set(path, { path, file, content: Buffer.from(content, 'utf8'), mediaType, artifactName, generated: true });
    }
  }
}

/**
 * The contents of the files MI's build generates for one mapping. A mapping that does not compile gets
 * its problems and no .dmc; its schemas, read from the interfaces alone, are still made.
 */
export async function generateDataMapper(
  m: TsDataMapper,
  registry: Map<string, RegistryResource>,
): Promise<{ files: Partial<GeneratedDataMapper>; problems: Problem[] }> {
  const text = m.source.content.toString('utf8');
  const ts = typescript();
  const schemas = interfaceSchemas(ts, ts.createSourceFile(`${m.name}.ts`, text, ts.ScriptTarget.Latest, true));
  const bundled = await bundle(m, text, registry);
  if ('problems' in bundled) return { files: schemas, problems: bundled.problems };
  return { files: { dmc: bundled.code + entryFunctions(text), ...schemas }, problems: [] };
}

/**
 * MI's build runs the mapping with `dmUtils.getPropertyValue("scope", "name")` read straight from the
 * properties the engine hands it: it rewrites each such call before bundling. The rewrite keeps every
 * line where it was, so compile errors point at the user's lines.
 */
export function rewritePropertyReads(text: string): string {
  return text.replace(
    /dmUtils\s*\.\s*getPropertyValue\s*\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)/g,
    (call: string, scope: string, key: string) => `DM_PROPERTIES.${scope.trim().toUpperCase()}['${key.trim()}']` + '\n'.repeat(call.split('\n').length - 1),
  );
}

async function bundle(m: TsDataMapper, text: string, registry: Map<string, RegistryResource>): Promise<{ code: string } | { problems: Problem[] }> {
  const esbuild = loadEsbuild();
  // Imports resolve among the mapping folder's own files, from the registry: the build sees the same
  // text as everything else, whether or not it is on disk.
  const folderFiles: Plugin = {
    name: 'datamapper-folder',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: m.source.path, namespace: 'dm' };
        if (!args.path.startsWith('./')) return { errors: [{ text: `${args.path} cannot be imported: a data mapping imports only files of its own folder` }] };
        const base = joinRegistryPath(dirname(args.importer), args.path.slice(2));
        const path = [base, `${base}.ts`].find((p) => registry.has(p));
        if (!path) return { errors: [{ text: `${args.path} is not in the data mapper folder ${m.dir}` }] };
        return { path, namespace: 'dm' };
      });
      b.onLoad({ filter: /.*/, namespace: 'dm' }, (args) => ({
        contents: rewritePropertyReads(args.path === m.source.path ? text : registry.get(args.path)!.content.toString('utf8')),
        loader: 'ts',
      }));
    },
  };
  try {
    const out = await esbuild.build({
      entryPoints: [m.source.path],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'DataMapper',
      // What MI's JavaScript engine runs (ECMAScript 2017).
      target: 'es2017',
      logLevel: 'silent',
      plugins: [folderFiles],
    });
    return { code: out.outputFiles[0].text };
  } catch (err) {
    const errors = (err as { errors?: EsbuildMessage[] }).errors;
    if (!errors) throw err;
    return { problems: errors.map((e) => compileProblem(m, registry, e)) };
  }
}

function compileProblem(m: TsDataMapper, registry: Map<string, RegistryResource>, e: EsbuildMessage): Problem {
  const loc = e.location;
  const res = loc ? registry.get(loc.file.replace(/^dm:/, '')) ?? m.source : m.source;
  const range: Range | undefined = loc
    ? {
        start: { line: loc.line - 1, column: loc.column, offset: 0 },
        end: { line: loc.line - 1, column: loc.column + Math.max(1, loc.length), offset: 0 },
      }
    : undefined;
  return problem('CONDUIT_DATAMAPPER_INVALID', `the data mapping ${m.name} does not compile: ${e.text}`, { file: res.file, range });
}

/**
 * The functions MI's build appends to the bundle: `mapFunction(input)` calling the mapping, and, for
 * a file that names them in a comment (`functionName : map_S_root_S_root`, `inputVariable : inputroot`),
 * the function the older data mapper engine calls.
 */
function entryFunctions(text: string): string {
  let fn = '\n\nfunction mapFunction(input) {\n    return DataMapper.mapFunction(input);\n}\n\n';
  const name = /^\s*\*.*functionName\s*:\s*(map_\w+)/m.exec(text)?.[1];
  const input = /^\s*\*.*inputVariable\s*:\s*(\w+)/m.exec(text)?.[1];
  if (name && input) fn += `function ${name}() {\n    return mapFunction(${input});\n}\n`;
  return fn;
}

const SCHEMA_ID = 'http://wso2.org/json-schema/wso2-data-mapper-v5.0.0/schema#';

/**
 * The input and output schemas as MI's build writes them: each interface whose comment says
 * `inputType` or `outputType` becomes a JSON schema titled by the comment's `title : "..."` (else the
 * interface's name), with its members' types, and an array schema when `mapFunction` takes or returns
 * an array of it.
 */
function interfaceSchemas(ts: typeof TsModule, sf: TsModule.SourceFile): Pick<GeneratedDataMapper, 'inputSchema' | 'outputSchema'> {
  const fn = sf.statements.find((s): s is TsModule.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === 'mapFunction');
  const inputIsArray = !!fn?.parameters[0]?.type && ts.isArrayTypeNode(fn.parameters[0].type);
  const outputIsArray = !!fn?.type && ts.isArrayTypeNode(fn.type);
  let input: unknown = '';
  let output: unknown = '';
  for (const decl of sf.statements) {
    if (!ts.isInterfaceDeclaration(decl)) continue;
    const full = decl.getFullText(sf);
    const comment = (ts.getLeadingCommentRanges(sf.text, decl.getFullStart()) ?? []).map((r) => sf.text.slice(r.pos, r.end)).join('\n');
    const schema: Record<string, unknown> = { $schema: SCHEMA_ID, type: 'object', title: decl.name.text, properties: {} };
    const namespaces = /namespaces\s*:\s*(\[.*\])/.exec(comment)?.[1];
    if (namespaces) {
      try {
        schema.namespaces = JSON.parse(namespaces);
      } catch {
        // MI's build leaves out namespaces it cannot read, too.
      }
    }
    const title = /title\s*:\s*"(.*)"/.exec(comment)?.[1];
    if (title) schema.title = title;
    const inputType = /inputType\s*:\s*"([^"]+)"/.exec(comment)?.[1];
    if (inputType) schema.inputType = inputType;
    const outputType = /outputType\s*:\s*"([^"]+)"/.exec(comment)?.[1];
    if (outputType) schema.outputType = outputType;
    members(ts, sf, decl.members, schema);
    if (full.includes('inputType')) input = inputIsArray ? asArraySchema(schema) : schema;
    if (full.includes('outputType')) output = outputIsArray ? asArraySchema(schema) : schema;
  }
  return { inputSchema: JSON.stringify(input, null, 2), outputSchema: JSON.stringify(output, null, 2) };
}

function members(ts: typeof TsModule, sf: TsModule.SourceFile, list: TsModule.NodeArray<TsModule.TypeElement>, into: Record<string, unknown>): void {
  const props = into.properties as Record<string, unknown>;
  for (const m of list) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const name = propertyName(m.name.getText(sf));
    if (ts.isTypeLiteralNode(m.type)) {
      const nested = { type: 'object', properties: {} };
      members(ts, sf, m.type.members, nested);
      props[name] = nested;
    } else if (ts.isArrayTypeNode(m.type)) {
      const element = m.type.elementType;
      const kind = typeName(ts, element);
      if (kind === 'object') {
        const nested = { type: 'object', properties: {} };
        if (ts.isTypeLiteralNode(element)) members(ts, sf, element.members, nested);
        props[name] = { type: 'array', items: nested };
      } else {
        props[name] = { type: 'array', items: { type: kind } };
      }
    } else {
      props[name] = { type: typeName(ts, m.type) };
    }
  }
}

/** XML names are written `attr_x` for attribute x and `p_name` for `p:name`; the schema has the XML names. */
function propertyName(written: string): string {
  let name = written.replace(/"/g, '').trim();
  if (name.startsWith('attr_')) name = name.slice(5);
  return name.replace('_', ':');
}

function typeName(ts: typeof TsModule, t: TsModule.TypeNode): string {
  if (t.kind === ts.SyntaxKind.StringKeyword) return 'string';
  if (t.kind === ts.SyntaxKind.NumberKeyword) return 'number';
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
  if (ts.isArrayTypeNode(t)) return 'array';
  return 'object';
}

function asArraySchema(schema: Record<string, unknown>): Record<string, unknown> {
  return { $schema: schema.$schema, type: 'array', items: [{ type: 'object', properties: schema.properties }] };
}

/**
 * Type errors of a mapping, at their places in its folder's .ts files, as MI's build (tsc) reports
 * them. With `syntax`, syntax errors first (the editor, between builds); without, only type errors of
 * a mapping that parses, its syntax errors being the bundler's to report at load.
 */
export function typeCheckDataMapper(m: TsDataMapper, registry: Map<string, RegistryResource>, options: { syntax: boolean }): Problem[] {
  const ts = typescript();
  // The folder's own files by the path they are reported at; lib files come from the compiler's package.
  const own = new Map<string, string>();
  for (const r of registry.values()) {
    if (r.path.startsWith(`${m.dir}/`) && r.path.endsWith('.ts') && !r.path.slice(m.dir.length + 1).includes('/')) own.set(r.file, r.content.toString('utf8'));
  }
  const compilerOptions: TsModule.CompilerOptions = {
    // MI's build compiles for ES5; the editor MI ships checks against newer libraries, and mappings use
    // them (Array.prototype.find): checking against ES2017 reports nothing MI's tooling accepts.
    target: ts.ScriptTarget.ES2017,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2017.d.ts'],
    types: [],
    noEmit: true,
  };
  const host: TsModule.CompilerHost = {
    getSourceFile: (name, target) => {
      const text = own.get(name);
      if (text !== undefined) return ts.createSourceFile(name, text, target, true);
      let lib = LIB_FILES.get(name);
      if (!lib) {
        const libText = ts.sys.readFile(name);
        if (libText === undefined) return undefined;
        LIB_FILES.set(name, (lib = ts.createSourceFile(name, libText, target)));
      }
      return lib;
    },
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    writeFile: () => undefined,
    getCurrentDirectory: () => dirname(m.source.file),
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => own.has(f) || (!f.startsWith(dirname(m.source.file)) && ts.sys.fileExists(f)),
    readFile: (f) => own.get(f) ?? ts.sys.readFile(f),
    directoryExists: (d) => d === dirname(m.source.file) || ts.sys.directoryExists(d),
  };
  const program = ts.createProgram([m.source.file], compilerOptions, host);
  const files = program.getSourceFiles().filter((f) => own.has(f.fileName));
  const syntactic = files.flatMap((f) => program.getSyntacticDiagnostics(f));
  if (syntactic.length > 0) return options.syntax ? syntactic.map((d) => tsProblem(ts, m, d)) : [];
  return [...program.getOptionsDiagnostics(), ...files.flatMap((f) => program.getSemanticDiagnostics(f))].map((d) => tsProblem(ts, m, d));
}

/** Parsed lib .d.ts files, shared by every check: parsing them is most of a check's time. */
const LIB_FILES = new Map<string, TsModule.SourceFile>();

function tsProblem(ts: typeof TsModule, m: TsDataMapper, d: TsModule.Diagnostic): Problem {
  const text = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ')}`;
  if (!d.file || d.start === undefined) return problem('CONDUIT_DATAMAPPER_INVALID', `the data mapping ${m.name}: ${text}`, { file: m.source.file });
  const at = (offset: number) => {
    const p = d.file!.getLineAndCharacterOfPosition(offset);
    return { line: p.line, column: p.character, offset };
  };
  const severity = d.category === ts.DiagnosticCategory.Error ? 'error' : 'warning';
  return problem('CONDUIT_DATAMAPPER_INVALID', `the data mapping ${m.name}: ${text}`, { file: d.file.fileName, range: { start: at(d.start), end: at(d.start + (d.length ?? 0)) } }, severity);
}

/**
 * esbuild: its native binary where it is installed (a development checkout), else its WebAssembly
 * build, which the extension ships because it runs on every platform (its first build compiles the
 * WebAssembly, a second or two).
 */
function loadEsbuild(): typeof import('esbuild') {
  try {
    return require('esbuild') as typeof import('esbuild');
  } catch {
    return require('esbuild-wasm') as typeof import('esbuild');
  }
}

/** The TypeScript compiler, loaded at the first mapping (it is large, and most projects have none). */
export function typescript(): typeof TsModule {
  return require('typescript') as typeof TsModule;
}
