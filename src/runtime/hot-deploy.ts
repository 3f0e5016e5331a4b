/**
 * Hot deploy (`conduit run --watch`, and Export and Run in VS Code): keeps a running runtime in step with the project's files without restarting it.
 * A changed or added artifact file is redeployed (only that artifact), a deleted one is undeployed, and
 * a file whose new version does not parse is reported while the version deployed before keeps serving.
 * Both layouts are watched (MI's `artifacts/<kind>/` and every Integration Studio module's
 * `synapse-config/<kind>/`); a change to registry resources redeploys the artifacts that name a registry key.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { readArtifact } from '../model/artifacts';
import { formatProblem, problem } from '../model/errors';
import { ARTIFACT_KINDS, deployRank } from '../model/kinds';
import { IS_SYNAPSE_CONFIG_DIR, integrationStudioConfigModules, loadProject, MI_ARTIFACTS_DIR, MI_RESOURCES_DIR } from '../model/project';
import { references } from '../model/references';
import type { Artifact, Project } from '../model/types';
import type { Runtime } from './runtime';

/** Editors write a file in several steps (truncate, write, rename) and Save All writes many: act once. */
const SETTLE_MS = 100;

const CATEGORY = 'SynapseDeployer';

export interface ProjectWatcher {
  /** Folders watched (artifact kind folders, their parents and registry folders). */
  readonly folders: number;
  /** Stops watching and waits for a redeploy in progress. */
  close(): Promise<void>;
}

/** Starts watching `project` (a folder, not a .car) and applying its changes to `runtime`. */
export async function watchProject(project: Project, runtime: Runtime): Promise<ProjectWatcher> {
  const w = new HotDeployer(project, runtime);
  await w.start();
  return w;
}

class HotDeployer implements ProjectWatcher {
  /** What is deployed from each file, by absolute path. */
  private readonly byFile = new Map<string, Artifact>();
  /** Each file's text when it was last looked at, so repeated events for one save act once. */
  private readonly texts = new Map<string, string>();
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly pending = new Set<string>();
  private registryChanged = false;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly project: Project, private readonly runtime: Runtime) {
    for (const a of project.artifacts) {
      this.byFile.set(resolve(a.file), a);
      this.texts.set(resolve(a.file), a.doc.text);
    }
  }

  get folders(): number {
    return this.watchers.size;
  }

  private get log() {
    return this.runtime.logger;
  }

  async start(): Promise<void> {
    const { root, layout } = this.project;
    const folderKey = layout === 'mi' ? 'miFolder' : 'isFolder';
    const kindFolders = new Set(ARTIFACT_KINDS.map((k) => k[folderKey]));
    const bases = layout === 'mi' ? [join(root, MI_ARTIFACTS_DIR)] : (await integrationStudioConfigModules(root)).map((m) => join(m, IS_SYNAPSE_CONFIG_DIR));
    for (const base of bases) {
      // The base is watched too, so a kind folder created later (the first sequence of a project) is picked up.
      this.watchFolder(base, (name) => {
        if (!kindFolders.has(name)) return;
        const dir = join(base, name);
        if (existsSync(dir)) {
          if (!this.watchers.has(dir)) this.watchKindFolder(dir, true);
        } else this.unwatch(dir);
      });
      for (const name of kindFolders) if (existsSync(join(base, name))) this.watchKindFolder(join(base, name), false);
    }
    for (const dir of await this.registryFolders()) {
      this.watchFolder(dir, () => {
        this.registryChanged = true;
        this.settle();
      }, true);
    }
  }

  private async registryFolders(): Promise<string[]> {
    const { root, layout } = this.project;
    if (layout === 'mi') return existsSync(join(root, MI_RESOURCES_DIR)) ? [join(root, MI_RESOURCES_DIR)] : [];
    // Integration Studio: the Registry Resources modules, i.e. the folders whose artifact.xml lists resources.
    const modules = new Set(await integrationStudioConfigModules(root));
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && !modules.has(join(root, e.name)) && existsSync(join(root, e.name, 'artifact.xml')))
      .map((e) => join(root, e.name));
  }

  private watchKindFolder(dir: string, scan: boolean): void {
    this.watchFolder(dir, (name) => {
      if (!name.toLowerCase().endsWith('.xml')) return;
      this.pending.add(join(dir, name));
      this.settle();
    });
    if (!scan) return;
    // Files written into a folder before its watcher existed.
    void readdir(dir).then(
      (names) => {
        for (const n of names) if (n.toLowerCase().endsWith('.xml')) this.pending.add(join(dir, n));
        this.settle();
      },
      () => undefined,
    );
  }

  private watchFolder(dir: string, onChange: (name: string) => void, recursive = false): void {
    let w: FSWatcher;
    try {
      w = watch(dir, { recursive, persistent: false }, (_event, name) => {
        if (!this.closed && name) onChange(name.toString());
      });
    } catch (err) {
      this.log.log('WARN', CATEGORY, `${dir} is not watched: ${(err as Error).message}; restart the runtime after changing files there`);
      return;
    }
    // A watched folder that disappears ends its watcher with an error; that must not end the runtime.
    w.on('error', () => this.unwatch(dir));
    this.watchers.set(dir, w);
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private settle(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const files = [...this.pending];
      this.pending.clear();
      const registry = this.registryChanged;
      this.registryChanged = false;
      // One batch at a time: a redeploy never overlaps the next one.
      this.queue = this.queue
        .then(() => this.apply(files, registry))
        .catch((err: unknown) => this.log.log('ERROR', CATEGORY, `applying changed files failed: ${err instanceof Error ? err.message : String(err)}`));
    }, SETTLE_MS);
  }

  private async apply(files: string[], registryChanged: boolean): Promise<void> {
    if (this.closed) return;
    const removed: Artifact[] = [];
    const changed: Artifact[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      const prev = this.byFile.get(file);
      if (text === undefined) {
        this.texts.delete(file);
        if (prev) removed.push(prev);
        this.byFile.delete(file);
        continue;
      }
      if (text === this.texts.get(file)) continue;
      this.texts.set(file, text);
      const { artifact, problems } = readArtifact(file, text);
      const error = problems.find((p) => p.severity === 'error');
      if (!artifact || error) {
        const p = error ?? problems[0];
        const keeps = prev ? `the deployed ${prev.kind} '${prev.name}' keeps running` : 'nothing from it is deployed';
        const why = p ? `${p.code} ${p.message}` : 'it holds no artifact';
        this.log.log('ERROR', CATEGORY, formatProblem(problem('CONDUIT_DEPLOY_FAILED', `${basename(file)} was not ${prev ? 'redeployed' : 'deployed'}: ${why}; ${keeps}`, { file, range: p?.range })));
        continue;
      }
      changed.push(artifact);
    }
    for (const a of removed.sort((x, y) => deployRank(y.kind) - deployRank(x.kind))) await this.runtime.undeploy(a.kind, a.name);
    for (const a of changed.sort((x, y) => deployRank(x.kind) - deployRank(y.kind))) {
      const prev = this.byFile.get(a.file);
      if (await this.runtime.redeploy(a)) {
        if (prev?.kind === a.kind && prev.name === a.name) this.log.log('WARN', CATEGORY, `the ${a.kind} '${a.name}' deployed before keeps running`);
        continue;
      }
      this.byFile.set(a.file, a);
      // The file now declares another artifact: the one it declared before is gone.
      if (prev && (prev.kind !== a.kind || prev.name !== a.name)) await this.runtime.undeploy(prev.kind, prev.name);
    }
    if (registryChanged) await this.reloadRegistry(new Set(changed));
  }

  /** Registry resources are read when an artifact compiles, so the artifacts that name a registry key compile again. */
  private async reloadRegistry(alreadyDone: Set<Artifact>): Promise<void> {
    const fresh = await loadProject(this.project.root);
    // A TypeScript data mapping compiles as the project loads: its errors are said here, at their lines.
    for (const p of fresh.problems) if (p.severity === 'error' && p.code.startsWith('CONDUIT_DATAMAPPER')) this.log.log('ERROR', CATEGORY, formatProblem(p));
    this.runtime.replaceRegistry(fresh.registry);
    const readers = [...this.byFile.values()]
      .filter((a) => !alreadyDone.has(a) && references(a).some((r) => r.kind === 'registry'))
      .sort((x, y) => deployRank(x.kind) - deployRank(y.kind));
    this.log.log('INFO', CATEGORY, `registry resources changed; redeploying ${readers.length} artifacts that read them`);
    for (const a of readers) await this.runtime.redeploy(a);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const dir of [...this.watchers.keys()]) this.unwatch(dir);
    await this.queue;
  }
}
