/**
 * The connectors the runtime runs, each a mediator module per operation (`http.post`), made on first use.
 * An operation is refused at deploy for the first error model/catalog/connectors.ts finds in it, in the
 * words the validator uses; a connector or operation the catalog does not know never reaches here.
 */
import { connectorOperation, connectorOperationIssues } from '../../model/catalog/connectors';
import type { MediatorModule } from '../mediators/types';
import { httpConnector } from './http-connector';
import type { ConnectorRuntime } from './types';

const RUNTIMES: ReadonlyMap<string, ConnectorRuntime> = new Map([httpConnector].map((c) => [c.name, c]));

const modules = new Map<string, MediatorModule<unknown>>();

/** The mediator module of a connector operation element name, when the runtime runs it. */
export function connectorModule(local: string): MediatorModule<unknown> | undefined {
  const cached = modules.get(local);
  if (cached) return cached;
  const known = connectorOperation(local);
  const runtime = known && RUNTIMES.get(known.connector.name);
  if (!known || !runtime) return undefined;
  const module: MediatorModule<unknown> = {
    name: local,
    parse(el, ctx) {
      const issue = connectorOperationIssues(el).find((i) => (i.severity ?? 'error') === 'error');
      if (issue) ctx.fail(issue.code, issue.message, issue.at);
      return runtime.parse(el, known.operation.name, ctx);
    },
    mediate: (config, msg, env) => runtime.mediate(config, msg, env),
  };
  modules.set(local, module);
  return module;
}
