/**
 * Scheduled tasks: what task-definition.ts finds in the trigger and MessageInjector's properties, and
 * a task the runtime could not deploy because it injects into a main sequence the project lacks.
 */
import { readTask } from '../task-definition';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

export function checkTask(ctx: RuleContext, index: ProjectIndex): void {
  if (ctx.artifact.kind !== 'task') return;
  const { task, problems } = readTask(ctx.artifact);
  ctx.problems.push(...problems);
  if (task?.injectTo === 'main' && index.named('sequence', 'main').length === 0) {
    ctx.report(
      'CONDUIT_UNSUPPORTED',
      `the task injects into the main sequence; MI has a built-in one, Conduit runs only a sequence named 'main' of the project, and there is none, so the runtime does not deploy this task`,
      ctx.artifact.element.nameRange,
    );
  }
}
