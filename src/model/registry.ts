/**
 * Registry keys and registry-resource manifests. A key such as `gov:datamapper/RequestMapping.dmc`
 * names a resource at a registry path (`/_system/governance/datamapper/RequestMapping.dmc`); the
 * manifests (a project's artifact.xml, a CAR's registry-info.xml) say which file goes to which path.
 */
import { REGISTRY_RESOURCE_CAR_TYPE } from './kinds';
import type { Project, RegistryResource } from './types';
import { attr, child, elements, textOf, type XmlElement } from './xml';

export const GOVERNANCE_ROOT = '/_system/governance';
export const CONFIG_ROOT = '/_system/config';
/** Where MI for VS Code projects keep `resources:` keys (vscode-car-plugin GOV_MI_RESOURCES_PREFIX). */
export const MI_RESOURCES_ROOT = '/_system/governance/mi-resources';

const PREFIXES: Array<[string, string]> = [
  ['gov:', GOVERNANCE_ROOT],
  ['conf:', CONFIG_ROOT],
  ['resources:', MI_RESOURCES_ROOT],
];

/**
 * The registry path a key names: `gov:x` → `/_system/governance/x`, `conf:x` → `/_system/config/x`,
 * `resources:x` → `/_system/governance/mi-resources/x`; a full `/_system/...` path is returned as is.
 * Undefined for keys without a registry prefix (those name local entries).
 */
export function registryPathForKey(key: string): string | undefined {
  const k = key.trim();
  if (k.startsWith('/_system/')) return normalizePath(k);
  for (const [prefix, root] of PREFIXES) {
    if (k.startsWith(prefix)) return normalizePath(`${root}/${k.slice(prefix.length)}`);
  }
  return undefined;
}

/** The shortest key for a registry path (`gov:` for governance paths, `conf:` for config paths). */
export function keyForRegistryPath(path: string): string | undefined {
  const p = normalizePath(path);
  if (p.startsWith(`${MI_RESOURCES_ROOT}/`)) return `resources:${p.slice(MI_RESOURCES_ROOT.length + 1)}`;
  if (p.startsWith(`${GOVERNANCE_ROOT}/`)) return `gov:${p.slice(GOVERNANCE_ROOT.length + 1)}`;
  if (p.startsWith(`${CONFIG_ROOT}/`)) return `conf:${p.slice(CONFIG_ROOT.length + 1)}`;
  return undefined;
}

/** The resource a registry key names in the project, if any. */
export function resolveRegistryKey(project: Pick<Project, 'registry'>, key: string): RegistryResource | undefined {
  const path = registryPathForKey(key);
  return path === undefined ? undefined : project.registry.get(path);
}

export function normalizePath(p: string): string {
  return ('/' + p.split('/').filter((s) => s !== '' && s !== '.').join('/')).replace(/\/+$/, '') || '/';
}

/** Joins a registry collection path and a file name. */
export function joinRegistryPath(dir: string, file: string): string {
  return normalizePath(`${dir}/${file}`);
}

/** One `<item>` (a file) or `<collection>` (a folder) of a registry-resource manifest. */
export type ManifestEntry =
  | { type: 'item'; artifactName?: string; file: string; path: string; mediaType?: string; element: XmlElement }
  | { type: 'collection'; artifactName?: string; directory: string; path: string; element: XmlElement };

/**
 * Reads the items and collections of a manifest: an artifact.xml (`<artifacts><artifact
 * type="registry/resource">...`), a single `<artifact>`, or a CAR's registry-info.xml (`<resources>`).
 */
export function readManifest(root: XmlElement): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  const collect = (holder: XmlElement, artifactName?: string) => {
    for (const e of elements(holder)) {
      if (e.local === 'item') {
        const file = textIn(e, 'file');
        if (file) out.push({ type: 'item', artifactName, file, path: textIn(e, 'path') ?? GOVERNANCE_ROOT, mediaType: textIn(e, 'mediaType'), element: e });
      } else if (e.local === 'collection') {
        const directory = textIn(e, 'directory');
        if (directory) out.push({ type: 'collection', artifactName, directory, path: textIn(e, 'path') ?? GOVERNANCE_ROOT, element: e });
      }
    }
  };
  const artifacts = root.local === 'artifact' ? [root] : elements(root, 'artifact');
  for (const a of artifacts) {
    if (attr(a, 'type') === REGISTRY_RESOURCE_CAR_TYPE) collect(a, attr(a, 'name'));
  }
  if (root.local === 'resources') collect(root);
  return out;
}

function textIn(el: XmlElement, local: string): string | undefined {
  const c = child(el, local);
  const t = c ? textOf(c).trim() : '';
  return t === '' ? undefined : t;
}
