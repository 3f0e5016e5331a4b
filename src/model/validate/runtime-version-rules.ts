/**
 * What the project's runtime version (pom.xml `project.runtime.version`) cannot run: a project that targets
 * an MI before 4.4.0 gets a warning on each MI 4.4 construct, since that MI refuses the mediators and reads
 * `${...}` as plain text. Conduit runs them either way; the warning is for the server the project ships to.
 */
import { expressionStyleFor } from '../builders/expression-style';
import { walkElements } from '../xml';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

/** Mediators MI added in 4.4.0. */
const MI44_MEDIATORS = new Set(['variable', 'throwError', 'scatter-gather']);

export function checkRuntimeVersion(ctx: RuleContext, index: ProjectIndex): void {
  const version = index.runtimeVersion;
  if (version === undefined || expressionStyleFor(version) === 'mi44') return;
  const target = `this project targets MI ${version} (project.runtime.version in pom.xml)`;
  walkElements(ctx.artifact.element, (el) => {
    if (MI44_MEDIATORS.has(el.local)) {
      ctx.report('CONDUIT_RUNTIME_VERSION', `<${el.local}> needs MI 4.4.0 or later; ${target}, which refuses it`, el.nameRange);
      return;
    }
    for (const a of el.attrs) {
      if (!a.value.includes('${')) continue;
      ctx.report('CONDUIT_RUNTIME_VERSION', `Synapse expressions (\${...}) need MI 4.4.0 or later; ${target}, which takes this as text`, a.valueRange);
    }
  });
}
