/**
 * The contract of a mediator module: one file per mediator exporting `{ name, parse, mediate }`.
 * `parse` runs once at deploy time and turns the element into a config object (compiling expressions,
 * nested sequences, templates); `mediate` runs per message and never reads XML.
 */
import type { ErrorCode } from '../../model/errors';
import type { XmlElement } from '../../model/xml';
import type { Logger } from '../logger';
import type { MessageContext } from '../message';
import type { MessageStore } from '../stores/types';

/** A compiled list of mediators, runnable through MediationEnv.run. */
export interface CompiledSequence {
  /** Name of a named sequence; undefined for an anonymous (inline) one. */
  readonly name?: string;
  readonly steps: readonly CompiledStep[];
  /** Named sequence to run as the fault handler while this sequence runs (`onError`). */
  readonly onError?: string;
}

/** A parameter a sequence template declares (`<parameter name isMandatory defaultValue/>`). */
export interface TemplateParameter {
  readonly name: string;
  readonly mandatory: boolean;
  readonly defaultValue?: string;
}

/** A sequence template (`<template name><parameter/>*<sequence>..</sequence></template>`), compiled at deploy. */
export interface CompiledTemplate {
  readonly name: string;
  readonly parameters: readonly TemplateParameter[];
  /** The template's body; its onError is the template's (or its sequence's) onError. */
  readonly sequence: CompiledSequence;
}

export interface CompiledStep {
  readonly module: MediatorModule<unknown>;
  readonly config: unknown;
  /** Where the mediator was defined, for error messages: `file:line:col`. */
  readonly where: string;
}

/**
 * An endpoint as a mediator refers to it: by key (`<endpoint key="X"/>`, resolved when the message
 * is sent, so endpoints may be redeployed) or inline (compiled at deploy time).
 */
export interface EndpointRef {
  readonly key?: string;
  /** A compiled inline endpoint (opaque to mediators). */
  readonly inline?: unknown;
  /** `file:line:col` of the `<endpoint>` element. */
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
  /** Compiles an `<endpoint>` element (key reference or inline definition). */
  parseEndpoint(el: XmlElement): EndpointRef;
  /** `file:line:col` (one-based) of an element, for messages produced at run time. */
  where(el: XmlElement): string;
  /** State kept once per runtime across its artifacts (a connector's connections), keyed by its owner. */
  shared<T>(owner: object, create: () => T): T;
}

/** Options of one back-end call. */
export interface CallOptions {
  /**
   * `blocking="true"`: a failure also sets BLOCKING_SENDER_ERROR, and the call does not count as the
   * non-blocking call after which an iterate or clone part goes on past its target (the caller keeps the
   * request's content type and headers, as BlockingMsgSender does).
   */
  blocking?: boolean;
}

/** Runs data-mapping scripts (.dmc), script mediators and XSLT outside the runtime's own heap: DataMapperSandbox. */
export interface DataMapper {
  /**
   * Runs the script on JSON input text (`inputroot`; `propertiesJson` is the script's `DM_PROPERTIES`,
   * the message's properties by scope) and resolves to its output JSON text. Rejects with
   * CONDUIT_DATAMAPPER_FAILED when the script fails, times out, runs out of memory or returns nothing.
   */
  map(source: string, inputJson: string, options?: { filename?: string; timeoutMs?: number; propertiesJson?: string }): Promise<string>;
  /**
   * Runs a script mediator's JavaScript on a message snapshot (ScriptInput as JSON text) and resolves to
   * its changes (ScriptOutput as JSON text). `fn` names the function the script defines and is called
   * with `mc`. Rejects with CONDUIT_SCRIPT_FAILED as `map` rejects.
   */
  runScript(source: string, inputJson: string, options?: { filename?: string; timeoutMs?: number; fn?: string }): Promise<string>;
  /**
   * Runs an XSLT transformation (`{xml, stylesheet, params, resources}` as JSON text) and resolves to its
   * serialized result. Rejects with CONDUIT_XSLT_FAILED as `map` rejects.
   */
  runXslt(inputJson: string, options?: { filename?: string; timeoutMs?: number }): Promise<string>;
}

/**
 * Where a message split off at a mediator goes on (Synapse's continuation stack): for each sequence
 * around the mediator, innermost first, the index of the mediator after it.
 */
export type Continuation = ReadonlyArray<{ readonly sequence: CompiledSequence; readonly next: number }>;

/** Run-time services the runtime gives a mediator. One env serves one message flow. */
export interface MediationEnv {
  readonly logger: Logger;
  /** Runs a compiled sequence; resolves to false when a mediator in it stopped the flow. */
  run(sequence: CompiledSequence, msg: MessageContext): Promise<boolean>;
  /** Looks up a named sequence (deployed artifact). */
  sequence(name: string): CompiledSequence | undefined;
  /** Looks up a deployed sequence template. */
  template(name: string): CompiledTemplate | undefined;
  /**
   * Sends the message to the endpoint (or to its `To` address when `endpoint` is undefined) and
   * replaces payload, transport headers and HTTP_SC with the back end's answer. Rejects with a
   * MediationFault (ERROR_CODE 101503, 101504, 303001, ...) on a transport failure; HTTP error statuses
   * are answers, not faults.
   */
  callEndpoint(endpoint: EndpointRef | undefined, msg: MessageContext, options?: CallOptions): Promise<void>;
  /** Answers the client with the current message (payload, content type, HTTP_SC, transport headers). */
  respond(msg: MessageContext): void;
  /** True once the client was answered (or the flow has no client, e.g. a processor's message). */
  readonly responded: boolean;
  /**
   * The sequence that mediates a response of `<send>`: the resource's outSequence, or undefined when
   * the response goes straight back to the client.
   */
  readonly outSequence?: CompiledSequence;
  /** A deployed message store by name. */
  store(name: string): MessageStore | undefined;
  /**
   * The failover store of the named store when it has guaranteed delivery on
   * (`store.producer.guaranteed.delivery.enable` and `store.failover.message.store.name`).
   */
  failoverStore(name: string): MessageStore | undefined;
  /** Where `<datamapper>` runs its scripts. */
  readonly dataMapper: DataMapper;
  /** The mediators after the one running now, in every sequence around it, for a message split off here. */
  continuation(msg: MessageContext): Continuation;
  /**
   * Runs a message split off this flow (iterate, clone, an aggregation completed by its timeout):
   * `target`, then the `after` continuation when the message went through a non-blocking `call` (MI
   * resumes it from its continuation stack) or `always`. A fault goes to the onError of the sequences
   * around the split point, else the flow's fault handler. Never rejects.
   */
  runSplit(target: CompiledSequence, msg: MessageContext, after: Continuation, always?: boolean): Promise<void>;
  /** Keeps the flow open (the client unanswered by the runtime) until `work` settles. */
  hold(work: Promise<unknown>): void;
  /** Calls `callback` once nothing holds the flow open any more, so nothing else can reach an aggregation. */
  onIdle(callback: () => void): void;
  /**
   * Calls `callback` once, when the client is answered (before the answer is handed over), or once the
   * flow is idle when it never is or has no client.
   */
  onAnswered(callback: () => void): void;
  /** State a mediator keeps for the length of this flow, keyed by its config, made on first use. */
  state<T>(owner: object, create: () => T): T;
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
