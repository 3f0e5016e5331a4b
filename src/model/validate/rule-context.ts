/** What every rule writes to: the artifact under check and the problems found so far. */
import { problem, type ErrorCode, type Problem, type Severity } from '../errors';
import type { Artifact } from '../types';
import { LineIndex, type Range } from '../xml';

const lineIndexes = new WeakMap<object, LineIndex>();

export class RuleContext {
  readonly problems: Problem[] = [];

  constructor(readonly artifact: Artifact) {}

  report(code: ErrorCode, message: string, range: Range | undefined, severity?: Severity): void {
    this.problems.push(problem(code, message, { file: this.artifact.file, range }, severity));
  }

  /**
   * The range of `value.slice(start, end)` where `value` was read from `range` in the source. When
   * entity references make the source longer than the value, offsets cannot be mapped, and the whole
   * range is returned.
   */
  subRange(range: Range, value: string, start: number, end: number): Range {
    if (range.end.offset - range.start.offset !== value.length) return range;
    let lines = lineIndexes.get(this.artifact.doc);
    if (!lines) lineIndexes.set(this.artifact.doc, (lines = new LineIndex(this.artifact.doc.text)));
    const base = range.start.offset;
    return lines.range(base + start, base + Math.max(end, start));
  }
}
