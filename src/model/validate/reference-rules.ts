/** References to artifacts and registry resources that nothing in the project answers to. */
import type { ReferenceKind } from '../references';
import { registryPathForKey } from '../registry';
import type { ProjectIndex } from './project-index';
import type { RuleContext } from './rule-context';

/** How a reference kind is named in messages. */
export const REFERENCE_LABELS: Record<ReferenceKind, string> = {
  endpoint: 'endpoint',
  sequence: 'sequence',
  messageStore: 'message store',
  template: 'template',
  localEntry: 'local entry',
  registry: 'registry resource',
  proxy: 'proxy service',
};

export function checkReferences(ctx: RuleContext, index: ProjectIndex): void {
  for (const ref of index.referencesOf(ctx.artifact)) {
    if (index.resolve(ref) !== undefined) continue;
    const path = registryPathForKey(ref.key);
    if (path !== undefined) {
      ctx.report('CONDUIT_REGISTRY_NOT_FOUND', `registry key '${ref.key}' names ${path}, which is not among the project's registry resources`, ref.range);
    } else {
      ctx.report('CONDUIT_REFERENCE_UNRESOLVED', `there is no ${REFERENCE_LABELS[ref.kind]} named '${ref.key}' in the project`, ref.range);
    }
  }
}
