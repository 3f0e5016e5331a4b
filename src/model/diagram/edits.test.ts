import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { paletteXml } from '../builders/mediator';
import { parseXml } from '../xml';
import { applyEdit, deleteStep, DiagramEditError, insertAfter, insertFirst, moveStep, type TextEdit } from './edits';
import { flowsOf, type FlowStep } from './flow';

const CORPUS = join(__dirname, '../../../../shared/compat-corpus');

function xmlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) xmlFiles(p, out);
    else if (name.endsWith('.xml')) out.push(p);
  }
  return out;
}

/** Every step of a file, with the list that holds it. */
function stepsOf(text: string): Array<{ step: FlowStep; siblings: FlowStep[] }> {
  const doc = parseXml(text);
  if (!doc.root || doc.errors.length) return [];
  const out: Array<{ step: FlowStep; siblings: FlowStep[] }> = [];
  const lists = flowsOf(doc.root).flatMap((f) => f.sections.map((s) => s.steps));
  while (lists.length) {
    const list = lists.pop()!;
    for (const step of list) {
      out.push({ step, siblings: list });
      for (const b of step.branches) lists.push(b.steps);
    }
  }
  return out;
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
function lineEndOf(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

/** The edit touches nothing outside [from, to): the bytes before and after are the original's. */
function assertConfined(text: string, edit: TextEdit, from: number, to: number, what: string): string {
  assert.ok(edit.start >= from && edit.end <= to, `${what}: edit ${edit.start}-${edit.end} within ${from}-${to}`);
  const result = applyEdit(text, edit);
  assert.equal(result.slice(0, from), text.slice(0, from), `${what}: bytes before unchanged`);
  assert.equal(result.slice(result.length - (text.length - to)), text.slice(to), `${what}: bytes after unchanged`);
  assert.deepEqual(parseXml(result).errors, [], `${what}: still well-formed`);
  return result;
}

function corpusFiles(t: { skip(reason: string): void }): Array<{ file: string; text: string }> {
  if (!existsSync(CORPUS)) {
    t.skip(`the compatibility corpus is not at ${CORPUS}`);
    return [];
  }
  return xmlFiles(CORPUS)
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .filter(({ text }) => stepsOf(text).length > 0);
}

test('deleting any mediator of a corpus file changes only its lines, and inserting it back restores the file byte for byte', (t) => {
  const files = corpusFiles(t);
  let checked = 0;
  for (const { file, text } of files) {
    for (const { step, siblings } of stepsOf(text)) {
      const what = `${file}: delete ${step.kind} at ${step.id}`;
      const edit = deleteStep(text, step.id);
      const from = lineStartOf(text, step.range.start.offset);
      const to = lineEndOf(text, step.range.end.offset);
      const result = assertConfined(text, edit, from, to, what);
      assert.equal(stepsOf(result).length, stepsOf(text).length - 1 - countNested(step), what);
      // Putting the removed text back where it was gives the original, byte for byte.
      assert.equal(applyEdit(result, { start: edit.start, end: edit.start, text: text.slice(edit.start, edit.end) }), text, what);
      void siblings;
      checked++;
    }
  }
  if (files.length) assert.ok(checked > 100, `checked ${checked} deletions`);
});

function countNested(step: FlowStep): number {
  let n = 0;
  const stack = step.branches.flatMap((b) => b.steps);
  while (stack.length) {
    const s = stack.pop()!;
    n++;
    stack.push(...s.branches.flatMap((b) => b.steps));
  }
  return n;
}

test('moving any mediator of a corpus file down touches only its and its neighbour\'s lines, and moving it back up restores the file byte for byte', (t) => {
  const files = corpusFiles(t);
  let checked = 0;
  for (const { file, text } of files) {
    for (const { step, siblings } of stepsOf(text)) {
      const i = siblings.indexOf(step);
      if (i === siblings.length - 1) {
        assert.throws(() => moveStep(text, step.id, 'down'), DiagramEditError);
        continue;
      }
      const next = siblings[i + 1];
      const what = `${file}: move ${step.kind} at ${step.id} below ${next.kind}`;
      const edit = moveStep(text, step.id, 'down');
      const result = assertConfined(text, edit, lineStartOf(text, step.range.start.offset), lineEndOf(text, next.range.end.offset), what);
      // The element, unchanged, is now the last of the two in the edited range (its neighbour may be its twin).
      const own = text.slice(step.range.start.offset, step.range.end.offset);
      const moved = stepsOf(result)
        .filter((s) => s.step.range.start.offset >= edit.start && s.step.range.end.offset <= edit.start + edit.text.length && s.siblings.indexOf(s.step) === i + 1)
        .filter((s) => result.slice(s.step.range.start.offset, s.step.range.end.offset) === own)
        .sort((x, y) => y.step.range.start.offset - x.step.range.start.offset)[0];
      assert.ok(moved, `${what}: the element is now below its neighbour, unchanged`);
      assert.equal(applyEdit(result, moveStep(result, moved.step.id, 'up')), text, `${what}: and back`);
      checked++;
    }
  }
  if (files.length) assert.ok(checked > 50, `checked ${checked} moves`);
});

test('inserting a palette mediator after any mediator of a corpus file only adds text, at the end of that element', (t) => {
  const files = corpusFiles(t);
  const log = paletteXml('log');
  let checked = 0;
  for (const { file, text } of files) {
    for (const { step } of stepsOf(text)) {
      const what = `${file}: insert after ${step.kind} at ${step.id}`;
      const edit = insertAfter(text, step.id, log);
      assert.equal(edit.start, step.range.end.offset, what);
      assert.equal(edit.end, edit.start, `${what}: nothing replaced`);
      const result = assertConfined(text, edit, edit.start, edit.end, what);
      assert.equal(stepsOf(result).length, stepsOf(text).length + 1, what);
      // The new element sits on its own line at the indentation of the one before it.
      const inserted = result.slice(edit.start, edit.start + edit.text.length);
      const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, step.range.start.offset)))![0];
      assert.ok(inserted.startsWith(`\n${indent}<log level="custom">`) || inserted.startsWith(`\r\n${indent}<log`), what);
      checked++;
    }
  }
  if (files.length) assert.ok(checked > 100, `checked ${checked} inserts`);
});

test('inserting into a branch opens a self-closed branch and otherwise adds the mediator first, keeping the rest', () => {
  const text = [
    '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">',
    '  <!-- keep this comment -->',
    '  <filter xpath="true()">',
    '    <then/>',
    '    <else>',
    '      <drop/>',
    '    </else>',
    '  </filter>',
    '</sequence>',
    '',
  ].join('\n');
  const filter = stepsOf(text).find((s) => s.step.kind === 'filter')!.step;
  const [then, otherwise] = filter.branches;
  const opened = applyEdit(text, insertFirst(text, { branch: then.id }, '<respond/>'));
  assert.equal(opened, text.replace('    <then/>', '    <then>\n      <respond/>\n    </then>'));
  const first = applyEdit(text, insertFirst(text, { branch: otherwise.id }, paletteXml('log')));
  assert.equal(first, text.replace('    <else>\n', '    <else>\n      <log level="custom">\n          <property name="message" value="reached here"/>\n      </log>\n'));
  const flow = flowsOf(parseXml(text).root!)[0];
  const top = applyEdit(text, insertFirst(text, { flow: flow.id, section: 'main' }, '<drop/>'));
  assert.ok(top.startsWith('<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">\n  <drop/>\n  <!-- keep this comment -->'));
});

test('edits refuse a file that does not parse and an id the file no longer has, with the reason', () => {
  assert.throws(() => deleteStep('<sequence', 'm1.1'), /not well-formed XML/);
  assert.throws(() => deleteStep('<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"><log/></sequence>', 'm9.9'), /no mediator m9\.9/);
  assert.throws(() => moveStep('<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"><log/></sequence>', 'm1.60', 'up'), /already the first/);
});
