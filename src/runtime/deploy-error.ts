/**
 * The error a deploy-time check throws to refuse an artifact. It carries a located Problem so the
 * runtime can log `file:line:col` and the others keep deploying.
 */
import { ConduitError, problem, type ErrorCode, type Problem } from '../model/errors';
import type { XmlElement } from '../model/xml';

export class DeployError extends ConduitError {
  constructor(readonly problem: Problem) {
    super(problem.code, problem.message);
    this.name = 'DeployError';
  }
}

export function deployError(code: ErrorCode, message: string, file: string, at?: XmlElement): DeployError {
  return new DeployError(problem(code, message, { file, range: at?.startTagRange }));
}

/** `file:line:col` (one-based) of an element. */
export function whereOf(file: string, el: XmlElement): string {
  return `${file}:${el.startTagRange.start.line + 1}:${el.startTagRange.start.column + 1}`;
}
