/** Between the model's positions and problems and the protocol's. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Position as LspPosition, type Range as LspRange } from 'vscode-languageserver';
import type { Problem } from '../model/errors';
import type { Range } from '../model/xml';

export function toLspRange(r: Range | undefined): LspRange {
  if (!r) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: { line: r.start.line, character: r.start.column }, end: { line: r.end.line, character: r.end.column } };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(p: Problem): Diagnostic {
  return { range: toLspRange(p.range), severity: SEVERITY[p.severity], code: p.code, source: 'conduit', message: p.message };
}

export function uriToPath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Whether a model range contains an LSP position (end inclusive, so a cursor just after a word counts). */
export function contains(r: Range, p: LspPosition): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.column);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.column);
  return afterStart && beforeEnd;
}
