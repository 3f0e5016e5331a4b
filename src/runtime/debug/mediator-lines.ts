/**
 * Which lines of an artifact's file hold a mediator, so a breakpoint can be verified where one starts or
 * moved to the nearest one below (else above).
 */
import { parseXml, walkElements, type XmlElement } from '../../model/xml';

/** Elements whose children are a list of mediators. */
const CONTAINERS = new Set(['inSequence', 'outSequence', 'faultSequence', 'sequence', 'then', 'else', 'case', 'default', 'onComplete', 'filter']);

function isMediator(e: XmlElement, names: ReadonlySet<string>): boolean {
  if (!e.parent || !CONTAINERS.has(e.parent.local)) return false;
  if (e.local === 'sequence') return e.attrs.some((a) => a.local === 'key');
  return names.has(e.local) || e.local.includes('.');
}

/** One-based start lines of the mediators in the file's text, ascending. */
export function mediatorLines(text: string, names: ReadonlySet<string>): number[] {
  const root = parseXml(text).root;
  if (!root) return [];
  const lines = new Set<number>();
  walkElements(root, (e) => {
    if (isMediator(e, names)) lines.add(e.startTagRange.start.line + 1);
  });
  return [...lines].sort((a, b) => a - b);
}

/** The mediator line a breakpoint asked for at `line` goes to: that line, else the next one down, else the last above. */
export function nearestMediatorLine(lines: readonly number[], line: number): number | undefined {
  return lines.find((l) => l >= line) ?? lines[lines.length - 1];
}
