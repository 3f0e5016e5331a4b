/**
 * Project discovery: a folder in the MI for VS Code layout, an Integration Studio project (multi-module
 * or the older single module), or a .car file, loaded into one Project. A file that does not parse is
 * a problem of the project, never a reason to stop loading the others.
 */
import { readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { readArtifact } from './artifacts';
import { readCarProject } from './car-reader';
import { generateTsDataMappers, isBuildOutput } from './datamapper-ts';
import { ConduitError, problem, type Problem } from './errors';
import { ARTIFACT_KINDS } from './kinds';
import { joinRegistryPath, readManifest, CONFIG_ROOT, GOVERNANCE_ROOT, MI_RESOURCES_ROOT } from './registry';
import type { Artifact, Project, ProjectLayout, RegistryResource } from './types';
import { child, elements, parseXml, textOf } from './xml';

export { registryPathForKey, resolveRegistryKey, keyForRegistryPath } from './registry';

/** Artifacts of an MI for VS Code project, relative to its root. */
export const MI_ARTIFACTS_DIR = join('src', 'main', 'wso2mi', 'artifacts');
/** Registry resources of an MI for VS Code project, relative to its root. */
export const MI_RESOURCES_DIR = join('src', 'main', 'wso2mi', 'resources');
/** Artifacts of an Integration Studio ESB Configs module, relative to the module. */
export const IS_SYNAPSE_CONFIG_DIR = join('src', 'main', 'synapse-config');

/** Folders under MI's resources/ that hold tooling files, not registry resources. */
const MI_NON_REGISTRY_DIRS = new Set(['api-definitions', 'metadata', 'connectors', 'conf']);

/**
 * Loads the project at `path` (a project folder or a .car file).
 * @throws ConduitError CONDUIT_PROJECT_NOT_FOUND when there is no project there, CONDUIT_CAR_INVALID
 * when a .car cannot be read.
 */
export async function loadProject(path: string): Promise<Project> {
  const root = resolve(path);
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new ConduitError('CONDUIT_PROJECT_NOT_FOUND', `${root} does not exist`);
  if (info.isFile()) {
    if (root.toLowerCase().endsWith('.car')) return readCarProject(root);
    throw new ConduitError('CONDUIT_PROJECT_NOT_FOUND', `${root} is a file but not a .car archive`);
  }
  const layout = await detectLayout(root);
  if (!layout) {
    throw new ConduitError(
      'CONDUIT_PROJECT_NOT_FOUND',
      `no Synapse project at ${root}: expected ${join(MI_ARTIFACTS_DIR)} (MI for VS Code) or <module>/${IS_SYNAPSE_CONFIG_DIR} (Integration Studio)`,
    );
  }
  const pom = await readPom(join(root, 'pom.xml'));
  const project: Project = {
    root,
    name: pom.artifactId ?? basename(root),
    version: pom.version ?? '1.0.0',
    layout,
    runtimeVersion: pom.runtimeVersion,
    artifacts: [],
    registry: new Map(),
    problems: [],
  };
  if (layout === 'mi') {
    await loadArtifactFolders(project, join(root, MI_ARTIFACTS_DIR), 'miFolder');
    await loadMiRegistry(project, join(root, MI_RESOURCES_DIR));
  } else {
    for (const module of await integrationStudioConfigModules(root)) {
      await loadArtifactFolders(project, join(module, IS_SYNAPSE_CONFIG_DIR), 'isFolder');
    }
    for (const module of await subfolders(root)) {
      await loadManifestRegistry(project, module);
    }
  }
  return project;
}

/**
 * The nearest folder at or above `dir` that holds a project (MI layout, or an Integration Studio
 * parent whose pom lists modules, or a single-module project), or undefined.
 */
export async function findProjectRoot(dir: string): Promise<string | undefined> {
  let current = resolve(dir);
  let candidate: string | undefined;
  for (;;) {
    const layout = await detectLayout(current);
    if (layout === 'mi') return current;
    // An Integration Studio module sits inside its multi-module parent: prefer the outermost hit.
    if (layout === 'integration-studio') candidate = current;
    else if (candidate) return candidate;
    const parent = dirname(current);
    if (parent === current) return candidate;
    // A multi-module parent always has a pom.xml; without one, stop before scanning unrelated folders.
    if (candidate && !(await exists(join(parent, 'pom.xml')))) return candidate;
    current = parent;
  }
}

async function detectLayout(root: string): Promise<ProjectLayout | undefined> {
  if (await isDir(join(root, MI_ARTIFACTS_DIR))) return 'mi';
  if ((await integrationStudioConfigModules(root)).length > 0) return 'integration-studio';
  return undefined;
}

/** The project itself (single-module layout) and its direct sub-folders holding src/main/synapse-config. */
export async function integrationStudioConfigModules(root: string): Promise<string[]> {
  const out: string[] = [];
  if (await isDir(join(root, IS_SYNAPSE_CONFIG_DIR))) out.push(root);
  for (const sub of await subfolders(root)) {
    if (await isDir(join(sub, IS_SYNAPSE_CONFIG_DIR))) out.push(sub);
  }
  return out;
}

async function loadArtifactFolders(project: Project, base: string, folderKey: 'miFolder' | 'isFolder'): Promise<void> {
  for (const info of ARTIFACT_KINDS) {
    const dir = join(base, info[folderKey]);
    const files = (await listFiles(dir)).filter((f) => f.toLowerCase().endsWith('.xml'));
    for (const f of files) {
      const { artifact, problems } = loadArtifactFile(join(dir, f));
      project.problems.push(...problems);
      if (artifact && !problems.some((p) => p.severity === 'error')) project.artifacts.push(artifact);
    }
  }
}

/**
 * Read synchronously: parsing holds the thread far longer than reading a small file, and a promise per
 * file (open, stat, read, close on the thread pool) cost several times the read itself, which a
 * project of a thousand artifacts felt on every load.
 */
function loadArtifactFile(file: string): { artifact?: Artifact; problems: Problem[] } {
  try {
    return readArtifact(file, readFileSync(file, 'utf8'));
  } catch (err) {
    return { problems: [problem('CONDUIT_ARTIFACT_INVALID', `cannot read ${file}: ${(err as Error).message}`, { file })] };
  }
}

/**
 * MI for VS Code: files under resources/registry/gov and registry/conf map to the governance and config
 * registries; any other folder maps to governance/mi-resources (the `resources:` keys). A TypeScript
 * data mapping gets the files MI's build generates from it. artifact.xml adds media types and artifact
 * names, and its items must exist.
 */
async function loadMiRegistry(project: Project, resourcesDir: string): Promise<void> {
  if (!(await isDir(resourcesDir))) return;
  for (const file of await walk(resourcesDir)) {
    const path = miRegistryPath(resourcesDir, file);
    if (path !== undefined) await addResource(project, path, file);
  }
  // Before the manifest is read: MI for VS Code lists the files its build generates there.
  await generateTsDataMappers(project);
  const manifestFile = join(resourcesDir, 'artifact.xml');
  const manifest = await readManifestFile(project, manifestFile);
  for (const entry of manifest) {
    if (entry.type !== 'item') continue;
    const path = joinRegistryPath(entry.path, entry.file);
    const res = project.registry.get(path);
    // A mapping that does not compile has no .dmc; its problem is reported in its X.ts.
    if (!res && isBuildOutput(project.registry, path)) continue;
    if (!res) {
      project.problems.push(
        problem('CONDUIT_REGISTRY_NOT_FOUND', `artifact.xml lists ${path}, but no file for it exists under ${MI_RESOURCES_DIR}`, { file: manifestFile, range: entry.element.range }, 'warning'),
      );
      continue;
    }
    res.mediaType = entry.mediaType ?? res.mediaType;
    res.artifactName = entry.artifactName ?? res.artifactName;
  }
}

/**
 * The registry path of a file under an MI for VS Code project's resources/ folder; undefined for the
 * manifest, tooling folders and anything outside the registry.
 */
export function miRegistryPath(resourcesDir: string, file: string): string | undefined {
  const rel = relative(resourcesDir, file).split(sep).join('/');
  if (rel.startsWith('../') || rel === 'artifact.xml' || MI_NON_REGISTRY_DIRS.has(rel.split('/')[0])) return undefined;
  if (rel.startsWith('registry/gov/')) return joinRegistryPath(GOVERNANCE_ROOT, rel.slice('registry/gov/'.length));
  if (rel.startsWith('registry/conf/')) return joinRegistryPath(CONFIG_ROOT, rel.slice('registry/conf/'.length));
  if (rel.startsWith('registry/')) return undefined;
  return joinRegistryPath(MI_RESOURCES_ROOT, rel);
}

/** Integration Studio Registry Resources module: artifact.xml items name files relative to the module. */
async function loadManifestRegistry(project: Project, moduleDir: string): Promise<void> {
  const manifestFile = join(moduleDir, 'artifact.xml');
  const manifest = await readManifestFile(project, manifestFile);
  for (const entry of manifest) {
    if (entry.type === 'item') {
      const file = join(moduleDir, entry.file);
      const res = await addResource(project, joinRegistryPath(entry.path, basename(entry.file)), file, manifestFile, entry.element.range);
      if (res) Object.assign(res, { mediaType: entry.mediaType, artifactName: entry.artifactName });
    } else {
      const dir = join(moduleDir, entry.directory);
      for (const file of await walk(dir)) {
        const rel = relative(dir, file).split(sep).join('/');
        const res = await addResource(project, joinRegistryPath(entry.path, rel), file, manifestFile, entry.element.range);
        if (res) res.artifactName = entry.artifactName;
      }
    }
  }
}

async function readManifestFile(project: Project, file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const doc = parseXml(text);
  if (doc.errors.length > 0 || !doc.root) {
    for (const e of doc.errors) project.problems.push(problem('CONDUIT_XML_MALFORMED', `artifact.xml is not well-formed XML: ${e.message}`, { file, range: e.range }));
    return [];
  }
  return readManifest(doc.root);
}

async function addResource(
  project: Project,
  path: string,
  file: string,
  listedIn?: string,
  range?: import('./xml').Range,
): Promise<RegistryResource | undefined> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    project.problems.push(problem('CONDUIT_REGISTRY_NOT_FOUND', `registry resource ${path}: file ${file} cannot be read`, { file: listedIn ?? file, range }, 'warning'));
    return undefined;
  }
  const res: RegistryResource = { path, file, content };
  project.registry.set(path, res);
  return res;
}

interface PomInfo {
  artifactId?: string;
  version?: string;
  runtimeVersion?: string;
}

/** artifactId, version and project.runtime.version of a pom; missing or broken poms give nothing. */
export async function readPom(file: string): Promise<PomInfo> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  const root = parseXml(text).root;
  if (!root) return {};
  const value = (local: string) => {
    const c = child(root, local);
    const t = c ? textOf(c).trim() : '';
    return t === '' ? undefined : t;
  };
  const props = child(root, 'properties');
  const runtime = props && elements(props).find((e) => e.local === 'project.runtime.version');
  return { artifactId: value('artifactId'), version: value('version'), runtimeVersion: runtime ? textOf(runtime).trim() || undefined : undefined };
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** Direct sub-folders, leaving out hidden folders and build output. */
async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'target' && e.name !== 'node_modules')
    .map((e) => join(dir, e.name))
    .sort();
}

/** Every file below dir (hidden entries, such as Integration Studio's .meta, left out), sorted. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
