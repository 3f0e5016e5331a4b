/** The runtime half of a connector: its operations parsed at deploy time and run per message. */
import type { XmlElement } from '../../model/xml';
import type { MessageContext } from '../message';
import type { MediationEnv, ParseContext } from '../mediators/types';

export interface ConnectorRuntime {
  /** The prefix of its elements, as in model/catalog/connectors.ts. */
  readonly name: string;
  /** Parses one operation element (already checked against the catalog). */
  parse(el: XmlElement, operation: string, ctx: ParseContext): unknown;
  mediate(config: unknown, msg: MessageContext, env: MediationEnv): Promise<boolean>;
}
