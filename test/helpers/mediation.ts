/**
 * Compiles mediator XML written in a test and runs it through the runtime's own Flow, with the
 * content mediators and the built-in ones registered, so a test states exactly what it mediates.
 */
import { SYNAPSE_NS, attr, parseXml } from '../../src/model/xml';
import { compileSequenceTemplate, createParseContext } from '../../src/runtime/compiler';
import type { EndpointContext } from '../../src/runtime/endpoints/endpoint';
import { Flow } from '../../src/runtime/flow';
import { MemoryLogger } from '../../src/runtime/logger';
import type { MessageContext } from '../../src/runtime/message';
import { BUILTIN_MEDIATORS } from '../../src/runtime/mediators/builtins';
import datamapper from '../../src/runtime/mediators/datamapper';
import { DataMapperSandbox } from '../../src/runtime/mediators/datamapper-sandbox';
import filter from '../../src/runtime/mediators/filter';
import header from '../../src/runtime/mediators/header';
import log from '../../src/runtime/mediators/log';
import payloadFactory from '../../src/runtime/mediators/payload-factory';
import property from '../../src/runtime/mediators/property';
import { MediatorRegistry } from '../../src/runtime/mediators/registry';
import switchMediator from '../../src/runtime/mediators/switch';
import type { CompiledSequence, CompiledTemplate } from '../../src/runtime/mediators/types';

export const CONTENT_MEDIATORS = [log, property, payloadFactory, switchMediator, filter, header, datamapper];

// One mapping process for every harness of a test file; idle, it does not keep the test's process alive.
const dataMapper = new DataMapperSandbox();

export interface Harness {
  logger: MemoryLogger;
  /** Compiles mediators given as XML (the synapse namespace is declared around them). */
  compile(xml: string): CompiledSequence;
  /** Compiles a whole `<template name="..">` artifact and deploys it for call-template (replacing one of that name). */
  template(xml: string): CompiledTemplate;
  /** Compiles mediators given as XML and deploys them as the named sequence (replacing one of that name). */
  sequence(name: string, xml: string): CompiledSequence;
  /** Removes a deployed template, as undeploying it does. */
  undeployTemplate(name: string): void;
  /** Runs a compiled sequence and what it left running (split messages, aggregations); `answered` is the message the flow responded with, if any. */
  run(seq: CompiledSequence, msg: MessageContext): Promise<{ result: boolean; answered?: MessageContext }>;
  /** The message bodies of the LogMediator records, in order. */
  logLines(): string[];
}

export function harness(resources: Record<string, string | Buffer> = {}): Harness {
  const registry = new MediatorRegistry();
  for (const m of [...BUILTIN_MEDIATORS.filter((b) => !CONTENT_MEDIATORS.some((c) => c.name === b.name)), ...CONTENT_MEDIATORS]) registry.register(m);
  const logger = new MemoryLogger('DEBUG');
  const resource = (key: string) => {
    const r = resources[key];
    return r === undefined ? undefined : Buffer.isBuffer(r) ? r : Buffer.from(r);
  };
  const templates = new Map<string, CompiledTemplate>();
  const sequences = new Map<string, CompiledSequence>();
  const parse = (xml: string) => {
    const doc = parseXml(xml);
    if (!doc.root || doc.errors.length) throw new Error(`test XML does not parse: ${doc.errors[0]?.message}`);
    return doc.root;
  };
  return {
    logger,
    compile(xml) {
      const root = parse(`<sequence xmlns="${SYNAPSE_NS}" xmlns:fn="http://www.w3.org/2005/xpath-functions">${xml}</sequence>`);
      return createParseContext('test.xml', { registry, resource }).parseSequence(root);
    },
    sequence(name, xml) {
      const sequence = { ...this.compile(xml), name };
      sequences.set(name, sequence);
      return sequence;
    },
    template(xml) {
      const root = parse(xml);
      const name = attr(root, 'name') ?? '';
      const template = compileSequenceTemplate(root, createParseContext('template.xml', { registry, resource }), name);
      templates.set(name, template);
      return template;
    },
    undeployTemplate: (name) => void templates.delete(name),
    async run(seq, msg) {
      let answered: MessageContext | undefined;
      const flow = new Flow(
        { logger, sequences, templates, endpoints: new Map(), stores: new Map(), failovers: new Map(), endpointContext: {} as EndpointContext, dataMapper },
        (m) => (answered = m),
      );
      const result = await flow.run(seq, msg);
      await flow.settle();
      return { result, answered };
    },
    logLines: () => logger.records.filter((r) => r.category === 'LogMediator').map((r) => r.message),
  };
}
