/**
 * Edits made from the diagram, as the smallest text edits that do them: insert a mediator after a step
 * or at the top of a branch, delete a step, move a step above or below its neighbour. Each returns one
 * replacement of a range of the original text; every character outside that range stays as it was, so
 * comments, formatting and the rest of the file survive (the editor applies it as a WorkspaceEdit, so
 * undo works).
 */
import { parseXml, type XmlElement } from '../xml';
import { flowsOf, type FlowBranch, type FlowSection, type FlowStep } from './flow';

/** Replace text[start, end) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class DiagramEditError extends Error {}

/** Applies an edit to the text it was computed from. */
export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

interface Located {
  step: FlowStep;
  /** The steps of the list that holds it. */
  siblings: FlowStep[];
}

function parse(text: string): XmlElement {
  const doc = parseXml(text);
  if (!doc.root || doc.errors.length > 0) throw new DiagramEditError('the file is not well-formed XML; fix it before editing from the diagram');
  return doc.root;
}

function locate(root: XmlElement, id: string): Located {
  const lists: FlowStep[][] = [];
  for (const flow of flowsOf(root)) for (const section of flow.sections) lists.push(section.steps);
  while (lists.length > 0) {
    const list = lists.pop()!;
    for (const step of list) {
      if (step.id === id) return { step, siblings: list };
      for (const b of step.branches) lists.push(b.steps);
    }
  }
  throw new DiagramEditError(`no mediator ${id} in the file (it changed since the diagram was drawn)`);
}

/** Start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The element's span widened to whole lines when nothing else shares them (its indentation and line break). */
function block(text: string, start: number, end: number): { start: number; end: number; whole: boolean } {
  const ls = lineStart(text, start);
  const before = text.slice(ls, start);
  let le = text.indexOf('\n', end);
  if (le < 0) le = text.length;
  const after = text.slice(end, le).replace(/\r$/, '');
  if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after)) return { start: ls, end: Math.min(text.length, le + 1), whole: true };
  return { start, end, whole: false };
}

function indentOf(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Indents every line of `xml` after the first with `indent`. */
function indentLines(xml: string, indent: string, newline: string): string {
  return xml.trim().split(/\r?\n/).join(newline + indent);
}

/** Deletes a step (with its line, when it stands alone on it). */
export function deleteStep(text: string, id: string): TextEdit {
  const { step } = locate(parse(text), id);
  const b = block(text, step.range.start.offset, step.range.end.offset);
  return { start: b.start, end: b.end, text: '' };
}

/** Swaps a step with the one above (`up`) or below it in its list. */
export function moveStep(text: string, id: string, direction: 'up' | 'down'): TextEdit {
  const { step, siblings } = locate(parse(text), id);
  const i = siblings.indexOf(step);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= siblings.length) throw new DiagramEditError(`the ${step.kind} is already the ${direction === 'up' ? 'first' : 'last'} of its list`);
  const [first, second] = i < j ? [step, siblings[j]] : [siblings[j], step];
  const a = block(text, first.range.start.offset, first.range.end.offset);
  const b = block(text, second.range.start.offset, second.range.end.offset);
  if (a.whole && b.whole) {
    // Whole lines swap, each keeping its own indentation and what lies between them.
    return { start: a.start, end: b.end, text: text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) };
  }
  const s1 = first.range.start.offset;
  const e1 = first.range.end.offset;
  const s2 = second.range.start.offset;
  const e2 = second.range.end.offset;
  return { start: s1, end: e2, text: text.slice(s2, e2) + text.slice(e1, s2) + text.slice(s1, e1) };
}

/** Inserts a mediator's XML on its own line after a step, at the step's indentation. */
export function insertAfter(text: string, id: string, xml: string): TextEdit {
  const { step } = locate(parse(text), id);
  const nl = eol(text);
  const indent = indentOf(text, step.range.start.offset);
  const at = step.range.end.offset;
  return { start: at, end: at, text: nl + indent + indentLines(xml, indent, nl) };
}

/** Where a list of mediators starts: a section, or a branch of a step. */
export type ListTarget = { section: FlowSection['role']; flow: string } | { branch: string };

/** Inserts a mediator's XML as the first of a list (a section or a branch), opening a self-closed holder. */
export function insertFirst(text: string, target: ListTarget, xml: string): TextEdit {
  const root = parse(text);
  const holder = listHolder(root, target);
  const nl = eol(text);
  const holderIndent = indentOf(text, holder.range.start.offset);
  const unit = guessIndentUnit(text);
  const indent = holderIndent + unit;
  const body = indent + indentLines(xml, indent, nl);
  if (holder.selfClosing) {
    // <then/> becomes <then> ... </then>, the start tag otherwise as written.
    const tag = text.slice(holder.startTagRange.start.offset, holder.startTagRange.end.offset);
    const open = tag.replace(/\s*\/>$/, '>');
    return { start: holder.range.start.offset, end: holder.range.end.offset, text: `${open}${nl}${body}${nl}${holderIndent}</${holder.name}>` };
  }
  const at = holder.startTagRange.end.offset;
  return { start: at, end: at, text: nl + body };
}

function listHolder(root: XmlElement, target: ListTarget): XmlElement {
  for (const flow of flowsOf(root)) {
    if ('section' in target) {
      if (flow.id !== target.flow) continue;
      const section = flow.sections.find((s) => s.role === target.section);
      if (section?.container) return section.container;
      throw new DiagramEditError(`the ${target.section} sequence is not written inline here`);
    }
    const branches: FlowBranch[] = [];
    const stack = flow.sections.flatMap((s) => s.steps);
    while (stack.length) {
      const s = stack.pop()!;
      for (const b of s.branches) {
        branches.push(b);
        stack.push(...b.steps);
      }
    }
    const branch = branches.find((b) => b.id === target.branch);
    if (branch?.container) return branch.container;
    if (branch) throw new DiagramEditError(`the ${branch.label} branch runs the sequence ${branch.sequenceKey ?? ''}; edit that sequence instead`);
  }
  throw new DiagramEditError('that list is not in the file (it changed since the diagram was drawn)');
}

/** The file's own indentation step: the smallest indentation of a nested line, four spaces when none. */
function guessIndentUnit(text: string): string {
  let best: string | undefined;
  for (const m of text.matchAll(/\n([ \t]+)</g)) if (!best || m[1].length < best.length) best = m[1];
  return best ?? '    ';
}

