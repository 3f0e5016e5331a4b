/**
 * The server's picture of one project: every artifact file (open or not), the index the rules look
 * things up in, and the problems of each file. An edit re-reads one file and re-validates that file
 * plus the files whose references its change can affect, and for a sequence the flows that call it;
 * the cross-artifact rules (duplicates, cycles) are cheap and rerun in full.
 *
 * Until the project is loaded the index is incomplete, and every reference would look unresolved: a file
 * edited or opened before then (as editors restored from the last session are, at start-up) gets only
 * the problems of its own text, and its full set once the index is built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { readArtifact } from '../model/artifacts';
import { isDataMapperSource, tsDataMappers, typeCheckDataMapper, type TsDataMapper } from '../model/datamapper-ts';
import { problem, type Problem } from '../model/errors';
import { findProjectRoot, loadProject, miRegistryPath, MI_RESOURCES_DIR } from '../model/project';
import type { Artifact, Project } from '../model/types';
import { ProjectIndex, validateArtifact, validateProjectRules } from '../model/validate';

interface FileState {
  text: string;
  artifact?: Artifact;
  /** Problems met reading the file (well-formedness, namespace, missing name). */
  readProblems: Problem[];
  /** Problems from the per-artifact rules. */
  ruleProblems: Problem[];
}

const ARTIFACT_FOLDERS = [`${sep}src${sep}main${sep}wso2mi${sep}artifacts${sep}`, `${sep}src${sep}main${sep}synapse-config${sep}`];

/** True for files in an artifact folder of either layout. */
export function isArtifactPath(file: string): boolean {
  return file.toLowerCase().endsWith('.xml') && ARTIFACT_FOLDERS.some((f) => file.includes(f));
}

export class Workspace {
  readonly files = new Map<string, FileState>();
  index = new ProjectIndex();
  project?: Project;
  private crossProblems = new Map<string, Problem[]>();
  /** False until load() has built the index. */
  private loaded = false;
  /** Before then: the problems of each changed file's own text, none that needs the index. */
  private early = new Map<string, Problem[]>();
  /** Problems of the TypeScript data mappings' files (X.ts, dm-utils.ts), by file. */
  private mapperProblems = new Map<string, Problem[]>();

  /** Loads the project that contains `folder` (if any) and validates every file. */
  async load(folder: string | undefined): Promise<void> {
    try {
      if (folder) await this.loadProject(folder);
    } finally {
      this.loaded = true;
      this.early.clear();
    }
  }

  private async loadProject(folder: string): Promise<void> {
    const root = await findProjectRoot(folder).catch(() => undefined);
    if (!root) return;
    const project = await loadProject(root).catch(() => undefined);
    if (!project) return;
    this.project = project;
    this.index = new ProjectIndex([], project.registry, project.runtimeVersion);
    for (const a of project.artifacts) {
      this.files.set(a.file, { text: a.doc.text, artifact: a, readProblems: [], ruleProblems: [] });
      this.index.set(a);
    }
    // Files that did not load cleanly are read again here, so the editor still sees what they hold.
    const failed = new Set(project.problems.map((p) => p.file).filter((f): f is string => !!f && isArtifactPath(f) && !this.files.has(f)));
    await Promise.all(
      [...failed].map(async (f) => {
        const text = await readFile(f, 'utf8').catch(() => undefined);
        if (text !== undefined) this.read(f, text);
      }),
    );
    for (const p of project.problems) {
      const s = p.file ? this.files.get(p.file) : undefined;
      if (s?.artifact && s.readProblems.every((q) => q !== p)) s.readProblems.push(p);
    }
    for (const state of this.files.values()) state.ruleProblems = state.artifact ? validateArtifact(state.artifact, this.index) : [];
    this.updateCross();
    for (const m of tsDataMappers(project.registry)) {
      const own = (p: Problem) => !!p.file && this.mapperOf(p.file) === m;
      this.setMapperProblems(m, [...project.problems.filter(own), ...this.typeCheck(m, false)]);
    }
  }

  /** The files of TypeScript data mappings, which get diagnostics of their own. */
  dataMapperFiles(): string[] {
    const project = this.project;
    return project ? [...project.registry.values()].filter((r) => isDataMapperSource(r.path)).map((r) => r.file) : [];
  }

  /** True for a file that is, or would be, part of a TypeScript data mapping of the project (X.ts, dm-utils.ts). */
  isDataMapperFile(file: string): boolean {
    return this.dataMapperPath(file) !== undefined;
  }

  private dataMapperPath(file: string): string | undefined {
    if (this.project?.layout !== 'mi') return undefined;
    const path = miRegistryPath(join(this.project.root, MI_RESOURCES_DIR), file);
    return path !== undefined && isDataMapperSource(path) ? path : undefined;
  }

  private mapperOf(file: string): TsDataMapper | undefined {
    const res = this.project && [...this.project.registry.values()].find((r) => r.file === file && isDataMapperSource(r.path));
    return res && tsDataMappers(this.project!.registry).find((m) => res.path.startsWith(`${m.dir}/`));
  }

  private typeCheck(m: TsDataMapper, syntax: boolean): Problem[] {
    try {
      return typeCheckDataMapper(m, this.project!.registry, { syntax });
    } catch (err) {
      return [problem('CONDUIT_INTERNAL_ERROR', `Conduit could not type-check this data mapping (${(err as Error).message})`, { file: m.source.file })];
    }
  }

  /** Replaces a mapping's problems; returns its files, whose diagnostics are to be published again. */
  private setMapperProblems(m: TsDataMapper, problems: Problem[]): Set<string> {
    const files = new Set([...this.project!.registry.values()].filter((r) => r.path.startsWith(`${m.dir}/`) && isDataMapperSource(r.path)).map((r) => r.file));
    for (const f of files) this.mapperProblems.set(f, problems.filter((p) => p.file === f));
    return files;
  }

  /**
   * New text of a data mapping's file (an edit not yet saved, or the file on disk): its mapping is
   * checked again, syntax included. Undefined when the file is not part of a mapping.
   */
  private updateDataMapper(file: string, text: string | undefined): Set<string> | undefined {
    const path = this.dataMapperPath(file);
    if (path === undefined) return undefined;
    const registry = this.project!.registry;
    const before = this.mapperOf(file);
    // A mapping written after the project loaded joins it; a deleted file leaves it.
    if (text === undefined) registry.delete(path);
    else {
      const res = registry.get(path);
      if (res) res.content = Buffer.from(text, 'utf8');
      else registry.set(path, { path, file, content: Buffer.from(text, 'utf8') });
      this.adoptSiblings(file);
    }
    const m = this.mapperOf(file) ?? before;
    if (!m) return new Set();
    if (!registry.has(m.source.path)) {
      // X.ts itself is gone: its files lose their diagnostics.
      const files = new Set([file, m.source.file, ...[...this.mapperProblems.keys()].filter((f) => f.startsWith(dirname(m.source.file)))]);
      for (const f of files) this.mapperProblems.delete(f);
      return files;
    }
    const changed = this.setMapperProblems(m, this.typeCheck(m, true));
    if (text === undefined) {
      this.mapperProblems.delete(file);
      changed.add(file);
    }
    return changed;
  }

  /**
   * The mapping files beside `file` on disk that no file event has brought yet: a folder written at once
   * (dm-utils.ts with X.ts) can reach the server file by file, and X.ts must not be checked without them.
   */
  private adoptSiblings(file: string): void {
    const dir = dirname(file);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    const registry = this.project!.registry;
    for (const name of names) {
      const sibling = join(dir, name);
      const path = name.endsWith('.ts') ? this.dataMapperPath(sibling) : undefined;
      if (path === undefined || registry.has(path)) continue;
      try {
        registry.set(path, { path, file: sibling, content: readFileSync(sibling) });
      } catch {
        // gone again: its deletion event follows
      }
    }
  }

  private read(file: string, text: string): { before?: Artifact; after?: Artifact } {
    const before = this.files.get(file)?.artifact;
    const { artifact, problems } = readChecked(file, text);
    this.files.set(file, { text, artifact, readProblems: problems, ruleProblems: [] });
    if (before) this.index.remove(file);
    if (artifact) this.index.set(artifact);
    return { before, after: artifact };
  }

  /**
   * Takes new text for a file (or undefined when it was deleted) and returns the files whose
   * problems may have changed.
   */
  update(file: string, text: string | undefined): Set<string> {
    if (!this.loaded) {
      this.early.set(file, text === undefined ? [] : readChecked(file, text).problems);
      return new Set([file]);
    }
    const mapping = this.updateDataMapper(file, text);
    if (mapping) return mapping;
    const changed = new Set<string>([file]);
    let before: Artifact | undefined;
    let after: Artifact | undefined;
    if (text === undefined) {
      before = this.files.get(file)?.artifact;
      this.files.delete(file);
      this.index.remove(file);
    } else {
      if (this.files.get(file)?.text === text) return new Set();
      ({ before, after } = this.read(file, text));
    }
    const state = this.files.get(file);
    if (state?.artifact) state.ruleProblems = validateArtifact(state.artifact, this.index);

    // References to the old or new name may now resolve differently.
    const names = new Set<string>();
    if (before && (!after || before.name !== after.name || before.kind !== after.kind)) names.add(before.name);
    if (after && (!before || before.name !== after.name || before.kind !== after.kind)) names.add(after.name);
    // The variables a sequence sets count in the flows that call it, so its callers, and theirs, are checked again.
    const called = new Set([before, after].filter((a): a is Artifact => a?.kind === 'sequence').map((a) => a.name));
    for (let grew = names.size > 0 || called.size > 0; grew; ) {
      grew = false;
      for (const [other, s] of this.files) {
        if (other === file || changed.has(other) || !s.artifact) continue;
        if (!this.index.referencesOf(s.artifact).some((r) => names.has(r.key) || (r.kind === 'sequence' && called.has(r.key)))) continue;
        s.ruleProblems = validateArtifact(s.artifact, this.index);
        changed.add(other);
        if (s.artifact.kind === 'sequence' && !called.has(s.artifact.name)) {
          called.add(s.artifact.name);
          grew = true;
        }
      }
    }
    for (const f of this.updateCross()) changed.add(f);
    return changed;
  }

  /** Reruns the cross-artifact rules; returns the files whose share of them changed. */
  private updateCross(): Set<string> {
    const next = new Map<string, Problem[]>();
    for (const p of validateProjectRules(this.index)) {
      if (!p.file) continue;
      const list = next.get(p.file);
      if (list) list.push(p);
      else next.set(p.file, [p]);
    }
    const changed = new Set<string>();
    for (const f of new Set([...next.keys(), ...this.crossProblems.keys()])) {
      if (JSON.stringify(next.get(f) ?? []) !== JSON.stringify(this.crossProblems.get(f) ?? [])) changed.add(f);
    }
    this.crossProblems = next;
    return changed;
  }

  problems(file: string): Problem[] {
    if (!this.loaded) return this.early.get(file) ?? [];
    const mapping = this.mapperProblems.get(file);
    if (mapping) return mapping;
    const s = this.files.get(file);
    if (!s) return [];
    return [...s.readProblems, ...s.ruleProblems, ...(this.crossProblems.get(file) ?? [])];
  }

  artifact(file: string): Artifact | undefined {
    return this.files.get(file)?.artifact;
  }
}

/**
 * readArtifact, with a failure of Conduit's own reported as the file's one problem, so that it costs
 * this file its diagnostics and no other file.
 */
function readChecked(file: string, text: string): ReturnType<typeof readArtifact> {
  try {
    return readArtifact(file, text);
  } catch (err) {
    return { problems: [problem('CONDUIT_INTERNAL_ERROR', `Conduit could not read this file (${(err as Error).message}); it was not checked`, { file })] };
  }
}
