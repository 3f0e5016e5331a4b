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
    const lines = this.lines();
    const base = range.start.offset;
    return lines.range(base + start, base + Math.max(end, start));
  }

  private lines(): LineIndex {
    let lines = lineIndexes.get(this.artifact.doc);
    if (!lines) lineIndexes.set(this.artifact.doc, (lines = new LineIndex(this.artifact.doc.text)));
    return lines;
  }

  /**
   * Like subRange, for text that may hold entity references, character references, CRLF line ends or
   * be a CDATA section: offsets in the decoded `value` are mapped back to the source. When the source
   * does not decode to the value as expected, the whole range is returned.
   */
  decodedSubRange(range: Range, value: string, start: number, end: number): Range {
    const raw = this.artifact.doc.text.slice(range.start.offset, range.end.offset);
    const map = sourceOffsets(raw, value);
    if (!map) return range;
    const lines = this.lines();
    const base = range.start.offset;
    return lines.range(base + map[start], base + map[Math.max(end, start)]);
  }
}

/** For each offset into `value` (and its end), the offset into `raw` it was decoded from. */
function sourceOffsets(raw: string, value: string): number[] | undefined {
  if (raw.startsWith('<![CDATA[') && raw.endsWith(']]>')) {
    if (raw.length - 12 !== value.length) return undefined;
    return Array.from({ length: value.length + 1 }, (_, i) => i + 9);
  }
  const map: number[] = [];
  let r = 0;
  while (r < raw.length && map.length < value.length) {
    map.push(r);
    const entity = raw[r] === '&' ? /^&(#x[0-9a-fA-F]+|#\d+|\w+);/.exec(raw.slice(r, r + 12)) : null;
    if (entity) {
      const decoded = entity[1].startsWith('#x') ? String.fromCodePoint(parseInt(entity[1].slice(2), 16)) : entity[1].startsWith('#') ? String.fromCodePoint(Number(entity[1].slice(1))) : 'x';
      // A character outside the BMP decodes to two UTF-16 units, both from the same reference.
      if (decoded.length === 2) map.push(r);
      r += entity[0].length;
    } else r += raw[r] === '\r' && raw[r + 1] === '\n' ? 2 : 1;
  }
  if (map.length !== value.length || r !== raw.length) return undefined;
  map.push(r);
  return map;
}
