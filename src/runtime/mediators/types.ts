/**
 * The contract of a mediator module: one file per mediator exporting `{ name, parse, mediate }`.
 * `parse` runs once at deploy time and turns the element into a config object (compiling expressions,
 * nested sequences, templates); `mediate` runs per message and never reads XML.
 */
import type { ErrorCode } from '../../model/errors';
import type { XmlElement } from '../../model/xml';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';

/** A compiled list of mediators, runnable through MediationEnv.run. */
export interface CompiledSequence {
  /** Name of a named sequence; undefined for an anonymous (inline) one. */
  readonly name?: string;
  readonly steps: readonly CompiledStep[];
  /** Named sequence to run as the fault handler while this sequence runs (`onError`). */
  readonly onError?: string;
}

export interface CompiledStep {
  readonly module: MediatorModule<unknown>;
  readonly config: unknown;
  /** Where the mediator was defined, for error messages: `file:line:col`. */
  readonly where: string;
}

/** Deploy-time services a mediator's parse may use. */
export interface ParseContext {
  /** File the element came from. */
  readonly file: string;
  /** Compiles nested mediators (switch cases, filter branches, inline sequences). */
  parseSequence(parent: XmlElement, children?: XmlElement[]): CompiledSequence;
  /** Resolves a registry key (gov:, conf:, resources:) or local entry key to its content. */
  resource(key: string): Buffer | undefined;
  /** Throw this to refuse the artifact with a located problem. */
  fail(code: ErrorCode, message: string, at?: XmlElement): never;
}

/** Run-time services the runtime gives a mediator. */
export interface MediationEnv {
  readonly logger: Logger;
  /** Runs a compiled sequence; resolves to false when a mediator in it stopped the flow. */
  run(sequence: CompiledSequence, msg: MessageContext): Promise<boolean>;
  /** Looks up a named sequence (deployed artifact). */
  sequence(name: string): CompiledSequence | undefined;
}

export interface MediatorModule<C> {
  /** Local name of the element in the Synapse namespace, e.g. `payloadFactory`. */
  readonly name: string;
  parse(el: XmlElement, ctx: ParseContext): C;
  /** Resolves true to continue with the next mediator, false to stop the flow (send, respond, drop, ...). */
  mediate(config: C, msg: MessageContext, env: MediationEnv): boolean | Promise<boolean>;
}

/** Identity helper that keeps a module's config type checked against its parse and mediate. */
export function defineMediator<C>(m: MediatorModule<C>): MediatorModule<C> {
  return m;
}
