/**
 * What the rules look things up in: artifacts by kind and name, registry resources by key, and each
 * artifact's references (computed once per artifact object). The language server keeps one index and
 * updates it file by file; the CLI and runtime build one from a loaded project.
 */
import { references, type Reference } from '../references';
import { registryPathForKey } from '../registry';
import type { Artifact, ArtifactKind, Project, RegistryResource } from '../types';

/** Sequences every Micro Integrator defines itself, so references to them always resolve. */
export const BUILT_IN_SEQUENCES: ReadonlySet<string> = new Set(['main', 'fault']);

export class ProjectIndex {
  private readonly byFile = new Map<string, Artifact>();
  private readonly byKind = new Map<ArtifactKind, Map<string, Artifact[]>>();
  private readonly refs = new WeakMap<Artifact, Reference[]>();
  private readonly refFailures = new WeakMap<Artifact, Error>();

  constructor(
    artifacts: Iterable<Artifact> = [],
    readonly registry: ReadonlyMap<string, RegistryResource> = new Map(),
    /** The MI version the project targets (pom.xml project.runtime.version), when it names one. */
    readonly runtimeVersion?: string,
  ) {
    for (const a of artifacts) this.set(a);
  }

  static of(project: Pick<Project, 'artifacts' | 'registry' | 'runtimeVersion'>): ProjectIndex {
    return new ProjectIndex(project.artifacts, project.registry, project.runtimeVersion);
  }

  /** Adds an artifact, replacing the one previously read from the same file. */
  set(artifact: Artifact): void {
    this.remove(artifact.file);
    this.byFile.set(artifact.file, artifact);
    let names = this.byKind.get(artifact.kind);
    if (!names) this.byKind.set(artifact.kind, (names = new Map()));
    const list = names.get(artifact.name);
    if (list) list.push(artifact);
    else names.set(artifact.name, [artifact]);
  }

  remove(file: string): Artifact | undefined {
    const old = this.byFile.get(file);
    if (!old) return undefined;
    this.byFile.delete(file);
    const names = this.byKind.get(old.kind);
    const list = names?.get(old.name);
    if (list) {
      const rest = list.filter((a) => a !== old);
      if (rest.length > 0) names!.set(old.name, rest);
      else names!.delete(old.name);
    }
    return old;
  }

  get artifacts(): IterableIterator<Artifact> {
    return this.byFile.values();
  }

  get size(): number {
    return this.byFile.size;
  }

  artifactAt(file: string): Artifact | undefined {
    return this.byFile.get(file);
  }

  /** Artifacts of a kind with this name (more than one when the name is duplicated). */
  named(kind: ArtifactKind, name: string): Artifact[] {
    return this.byKind.get(kind)?.get(name) ?? [];
  }

  /** Names of all artifacts of a kind. */
  names(kind: ArtifactKind): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])];
  }

  /**
   * The artifact's references, computed once per parsed artifact. None when Conduit fails to read them:
   * the rules over the whole project (cycles) and the language server's search for the files an edit
   * affects read every artifact's references, and one artifact must not stop them for the others.
   * validateArtifact reports the failure on that artifact.
   */
  referencesOf(artifact: Artifact): Reference[] {
    let r = this.refs.get(artifact);
    if (!r) {
      try {
        r = references(artifact);
      } catch (err) {
        this.refFailures.set(artifact, err instanceof Error ? err : new Error(String(err)));
        r = [];
      }
      this.refs.set(artifact, r);
    }
    return r;
  }

  /** Why the artifact's references could not be read, if they could not. */
  referencesFailure(artifact: Artifact): Error | undefined {
    this.referencesOf(artifact);
    return this.refFailures.get(artifact);
  }

  registryResource(key: string): RegistryResource | undefined {
    const path = registryPathForKey(key);
    return path === undefined ? undefined : this.registry.get(path);
  }

  /**
   * What a reference names: an artifact, a registry resource, `true` for a built-in sequence, or
   * undefined when nothing in the project answers to it. Endpoints and sequences may also be local
   * entries or registry resources, as in Synapse's key lookup.
   */
  resolve(ref: Pick<Reference, 'kind' | 'key'>): Artifact | RegistryResource | true | undefined {
    const { kind, key } = ref;
    const first = (k: ArtifactKind) => this.named(k, key)[0];
    switch (kind) {
      case 'endpoint':
      case 'sequence':
        if (registryPathForKey(key) !== undefined) return this.registryResource(key);
        if (kind === 'sequence' && BUILT_IN_SEQUENCES.has(key)) return first('sequence') ?? true;
        return first(kind) ?? first('localEntry');
      case 'messageStore':
        return first('messageStore');
      case 'template':
        return first('template');
      case 'proxy':
        return first('proxy');
      case 'localEntry':
        return first('localEntry') ?? this.registryResource(key);
      case 'registry':
        return this.registryResource(key) ?? first('localEntry');
    }
  }
}
