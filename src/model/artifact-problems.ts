/**
 * What reading an artifact as MI would finds: every problem, for the validator, and the first one the
 * runtime refuses the artifact for (an error, or something Conduit does not run).
 */
import { problem, type ErrorCode, type Problem, type Severity } from './errors';
import type { Range } from './xml';

export interface ArtifactProblems {
  readonly problems: Problem[];
  readonly refusal: Problem | undefined;
  /** Records a problem at `range` (else at the artifact's root element). */
  report(code: ErrorCode, message: string, range?: Range, severity?: Severity): void;
}

export function artifactProblems(file: string, rootRange: Range): ArtifactProblems {
  const problems: Problem[] = [];
  let refusal: Problem | undefined;
  return {
    problems,
    get refusal() {
      return refusal;
    },
    report(code, message, range, severity) {
      const p = problem(code, message, { file, range: range ?? rootRange }, severity);
      problems.push(p);
      if (!refusal && (p.severity === 'error' || code === 'CONDUIT_UNSUPPORTED')) refusal = p;
    },
  };
}
