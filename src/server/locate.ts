/** What lies under a position in a parsed artifact: the innermost element, and the attribute if any. */
import type { Position } from 'vscode-languageserver';
import type { Reference } from '../model/references';
import type { Artifact, RegistryResource } from '../model/types';
import type { ProjectIndex } from '../model/validate';
import { elements, type Range, type XmlAttr, type XmlElement } from '../model/xml';
import { contains } from './convert';
import { specIdOfPath } from './xml-context';

export interface Located {
  element: XmlElement;
  attribute?: XmlAttr;
  /** On the tag name of the element. */
  onName: boolean;
  /** Schema id of the element, when the schema knows it there. */
  specId?: string;
}

export function locate(artifact: Artifact, pos: Position): Located | undefined {
  let el = artifact.element;
  if (!contains(el.range, pos)) return undefined;
  for (;;) {
    const inner = elements(el).find((c) => contains(c.range, pos));
    if (!inner) break;
    el = inner;
  }
  const path: string[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) path.unshift(e.local);
  return {
    element: el,
    attribute: el.attrs.find((a) => contains(a.range, pos)),
    onName: contains(el.nameRange, pos),
    specId: specIdOfPath(path),
  };
}

/** The reference whose key is under the position. */
export function referenceAt(index: ProjectIndex, artifact: Artifact, pos: Position): Reference | undefined {
  return index.referencesOf(artifact).find((r) => contains(r.range, pos));
}

/** A name under the position: the artifact's own name, or a reference and what it resolves to. */
export interface NameAt {
  range: Range;
  /** The reference, when the name is one. */
  ref?: Reference;
  /** The artifact or registry resource named, `true` for a built-in sequence, undefined when unresolved. */
  target: Artifact | RegistryResource | true | undefined;
}

export function nameAt(index: ProjectIndex, artifact: Artifact, pos: Position): NameAt | undefined {
  if (contains(artifact.nameRange, pos)) return { range: artifact.nameRange, target: artifact };
  const ref = referenceAt(index, artifact, pos);
  return ref && { range: ref.range, ref, target: index.resolve(ref) };
}

export function isArtifact(target: NameAt['target']): target is Artifact {
  return target !== undefined && target !== true && 'kind' in target;
}

/** Every reference in the project that resolves to the artifact, with the artifact that holds it. */
export function referencesTo(index: ProjectIndex, target: Artifact): Array<{ from: Artifact; ref: Reference }> {
  const out: Array<{ from: Artifact; ref: Reference }> = [];
  for (const from of index.artifacts) {
    for (const ref of index.referencesOf(from)) {
      if (ref.key === target.name && index.resolve(ref) === target) out.push({ from, ref });
    }
  }
  return out;
}
