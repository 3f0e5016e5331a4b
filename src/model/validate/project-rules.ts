/**
 * Rules that look at more than one artifact: duplicate names and sequences that call each other in a
 * cycle. Also the per-file check that a file is named after its artifact.
 */
import { basename } from 'node:path';
import { problem, type Problem } from '../errors';
import type { Reference } from '../references';
import type { Artifact } from '../types';
import { attr } from '../xml';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

export function checkDuplicates(index: ProjectIndex): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, Artifact[]>();
  for (const a of index.artifacts) {
    if (a.name === '') continue;
    const k = `${a.kind}\u0000${a.name}`;
    const list = seen.get(k);
    if (list) list.push(a);
    else seen.set(k, [a]);
  }
  for (const list of seen.values()) {
    if (list.length < 2) continue;
    for (const a of list) {
      const others = list.filter((o) => o !== a).map((o) => basename(o.file));
      out.push(problem('CONDUIT_ARTIFACT_DUPLICATE', `another ${a.kind} is also named '${a.name}' (${others.join(', ')})`, { file: a.file, range: a.nameRange }));
    }
  }
  return out;
}

/** Sequence → the `<sequence key>` references it makes to other sequences. */
function sequenceCalls(index: ProjectIndex, a: Artifact): Reference[] {
  return index.referencesOf(a).filter((r) => r.kind === 'sequence' && r.attribute === 'key' && r.element.local === 'sequence');
}

/** Every `<sequence key>` that closes a cycle of sequences calling each other (Tarjan's SCCs). */
export function checkSequenceCycles(index: ProjectIndex): Problem[] {
  const nodes = new Map<string, Artifact>();
  for (const a of index.artifacts) if (a.kind === 'sequence' && a.name !== '' && !nodes.has(a.name)) nodes.set(a.name, a);
  const edges = new Map<string, Reference[]>();
  for (const [name, a] of nodes) edges.set(name, sequenceCalls(index, a).filter((r) => nodes.has(r.key)));

  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  // Iterative, so a long chain of sequences cannot overflow the call stack.
  for (const startName of nodes.keys()) {
    if (order.has(startName)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: startName, i: 0 }];
    order.set(startName, counter);
    low.set(startName, counter++);
    stack.push(startName);
    onStack.add(startName);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const out = edges.get(top.v)!;
      if (top.i < out.length) {
        const w = out[top.i++].key;
        if (!order.has(w)) {
          order.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, order.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === order.get(top.v)) {
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.set(w, components);
        } while (w !== top.v);
        components++;
      }
    }
  }

  const out: Problem[] = [];
  for (const [name, refs] of edges) {
    for (const r of refs) {
      if (component.get(r.key) !== component.get(name)) continue;
      const path = cyclePath(edges, component, r.key, name);
      out.push(
        problem('CONDUIT_SEQUENCE_CYCLE', `sequences call each other without end: ${[name, ...path].map((n) => `'${n}'`).join(' → ')}`, {
          file: nodes.get(name)!.file,
          range: r.range,
        }),
      );
    }
  }
  return out;
}

/** The shortest path from `from` back to `to` inside one component, both ends included. */
function cyclePath(edges: Map<string, Reference[]>, component: Map<string, number>, from: string, to: string): string[] {
  const c = component.get(from);
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === to) break;
    for (const r of edges.get(v) ?? []) {
      if (component.get(r.key) !== c || previous.has(r.key)) continue;
      previous.set(r.key, v);
      queue.push(r.key);
    }
  }
  const path: string[] = [];
  for (let v: string | null | undefined = to; v != null; v = previous.get(v)) path.unshift(v);
  return path;
}

/**
 * MI tooling names a file after its artifact (an API may add `_v<version>`); a differing name
 * usually means a rename that reached only one of the two.
 */
export function checkFileName(ctx: RuleContext): void {
  const { artifact } = ctx;
  if (artifact.name === '' || artifact.file.includes('!/')) return;
  const stem = basename(artifact.file).replace(/\.xml$/i, '');
  if (stem === artifact.name) return;
  const version = attr(artifact.element, 'version')?.trim();
  if (artifact.kind === 'api' && version && (stem === `${artifact.name}_v${version}` || stem === `${artifact.name}_${version}`)) return;
  ctx.report('CONDUIT_FILE_NAME_MISMATCH', `the file is named '${basename(artifact.file)}' but the ${artifact.kind} is '${artifact.name}'; rename one so they match`, artifact.nameRange);
}
