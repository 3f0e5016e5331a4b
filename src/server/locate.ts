/** What lies under a position in a parsed artifact: the innermost element, and the attribute if any. */
import type { Position } from 'vscode-languageserver';
import type { Reference } from '../model/references';
import type { Artifact } from '../model/types';
import type { ProjectIndex } from '../model/validate';
import { elements, type XmlAttr, type XmlElement } from '../model/xml';
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
