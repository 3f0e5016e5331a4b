/**
 * The one rule set. `validateArtifact` runs the rules that look at one artifact (given an index of the
 * project for references); `validateProjectRules` the rules across artifacts; `validateProject` both,
 * plus the problems met while loading. The language server, `conduit validate` and the runtime all
 * call these.
 */
import { tsDataMappers, typeCheckDataMapper } from '../datamapper-ts';
import { problem, type Problem } from '../errors';
import type { Artifact, Project } from '../types';
import { checkCalls } from './call-rules';
import { checkEndpoints } from './endpoint-rules';
import { checkExpressions } from './expression-rules';
import { checkInbound } from './inbound-rules';
import { checkMediators } from './mediator-rules';
import { checkParameters } from './parameter-rules';
import { ProjectIndex } from './project-index';
import { checkDuplicates, checkFileName, checkSequenceCycles } from './project-rules';
import { checkProxy } from './proxy-rules';
import { checkReferences } from './reference-rules';
import { checkRuntimeVersion } from './runtime-version-rules';
import { RuleContext } from './rule-context';
import { checkSchema } from './schema-rules';
import { checkCallTemplates } from './template-rules';
import { checkTask } from './task-rules';

/** Problems of one artifact: schema, parameters, expressions, flow, references, tasks, proxies, inbound endpoints and file name. */
export function validateArtifact(artifact: Artifact, index: ProjectIndex): Problem[] {
  const ctx = new RuleContext(artifact);
  try {
    checkSchema(ctx);
    checkEndpoints(ctx);
    checkCalls(ctx);
    checkMediators(ctx, index);
    checkExpressions(ctx, index);
    checkParameters(ctx, index);
    checkReferences(ctx, index);
    checkCallTemplates(ctx, index);
    checkTask(ctx, index);
    checkProxy(ctx);
    checkInbound(ctx);
    checkRuntimeVersion(ctx, index);
    checkFileName(ctx);
    const failure = index.referencesFailure(artifact);
    if (failure) throw failure;
  } catch (err) {
    // A rule tripping over input it did not foresee must not take the other artifacts down with it.
    ctx.report('CONDUIT_INTERNAL_ERROR', `Conduit could not finish checking this artifact (${(err as Error).message}); some of its problems may not be shown`, artifact.element.nameRange);
  }
  return ctx.problems;
}

/** Problems that involve several artifacts: duplicate names, cycles of sequences. */
export function validateProjectRules(index: ProjectIndex): Problem[] {
  return [...checkDuplicates(index), ...checkSequenceCycles(index)];
}

/** Every problem of a loaded project, load problems included, ordered by file and position. */
export function validateProject(project: Project): Problem[] {
  const index = ProjectIndex.of(project);
  const problems = [...project.problems];
  for (const a of project.artifacts) problems.push(...validateArtifact(a, index));
  problems.push(...validateProjectRules(index));
  // MI's build type-checks each TypeScript data mapping; a load reported only what stops it bundling.
  for (const m of tsDataMappers(project.registry)) {
    try {
      problems.push(...typeCheckDataMapper(m, project.registry, { syntax: false }));
    } catch (err) {
      problems.push(problem('CONDUIT_INTERNAL_ERROR', `Conduit could not type-check the data mapping ${m.name} (${(err as Error).message})`, { file: m.source.file }));
    }
  }
  return problems.sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0),
  );
}
