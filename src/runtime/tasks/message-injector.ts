/**
 * MI's MessageInjector task: at every run it builds a new message from the task's payload (inline
 * XML, or a registry resource read at that run) and mediates it through a named sequence, the main
 * sequence or a proxy service's in-flow. A run that cannot inject, or whose flow faults, logs CONDUIT_TASK_FAILED and the schedule
 * goes on, as in MI where the failed run's exception stays inside Quartz.
 */
import type { InjectFormat, TaskDefinition } from '../../model/task-definition';
import { parseXml, type XmlElement } from '../../model/xml';
import { setBody } from '../content';
import { toDom, withoutEmptyDefaultNs } from '../expressions/dom';
import { serializeNode } from '../expressions/envelope';
import type { Logger } from '../logger';
import type { CompiledSequence } from '../mediators/types';
import { MessageContext, Payload } from '../message';
import { TaskSchedule } from './task-schedule';

/** What a task reaches of the runtime. */
export interface TaskHost {
  readonly logger: Logger;
  sequence(name: string): CompiledSequence | undefined;
  /** A registry resource or local entry, as MI's `getEntry(registryKey)`. */
  resource(key: string): Buffer | undefined;
  /** Mediates the message in a flow no client waits on; resolves to the fault that ended it, if any. */
  mediate(seq: CompiledSequence, msg: MessageContext): Promise<Error | undefined>;
  /**
   * Runs the message through a proxy service as a request to it would run (inSequence, target endpoint,
   * outSequence) with no client to answer; rejects when the proxy is not deployed or not started.
   */
  injectIntoProxy(name: string, msg: MessageContext): Promise<Error | undefined>;
}

/** The Content-Type each format gives the message; with a SOAP one the payload goes out in that SOAP envelope (wire-body.ts). */
const CONTENT_TYPES: Record<InjectFormat, string> = {
  soap11: 'text/xml',
  soap12: 'application/soap+xml',
  pox: 'application/xml',
  get: 'application/xml',
};

/** Name of the task kind in MI's `Task scheduled: [ESB_TASK][name]` lines. */
const TASK_TYPE = 'ESB_TASK';

export class MessageInjectorTask {
  readonly name: string;
  private readonly schedule: TaskSchedule;
  /** The inline payload, serialized once at deployment. */
  private readonly payload?: string;

  constructor(
    private readonly def: TaskDefinition,
    private readonly host: TaskHost,
  ) {
    this.name = def.name;
    this.payload = def.message ? payloadText(def.message) : undefined;
    this.schedule = new TaskSchedule(def.trigger, () => this.inject());
  }

  /** Runs started so far. */
  get runs(): number {
    return this.schedule.runs;
  }

  start(): void {
    this.host.logger.log('INFO', 'AbstractQuartzTaskManager', `Task scheduled: [${TASK_TYPE}][${this.name}].`);
    this.schedule.start();
  }

  /** Stops scheduling and waits for the run in hand to finish. */
  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** Logs MI's line for a task that was removed (undeployed or replaced). */
  logDeleted(): void {
    this.host.logger.log('INFO', 'AbstractQuartzTaskManager', `Task deleted: [${TASK_TYPE}][${this.name}]`);
  }

  private async inject(): Promise<void> {
    if (this.def.injectTo === 'proxy') return this.injectIntoProxy(this.def.proxyName!);
    const target = this.def.injectTo === 'sequence' ? this.def.sequenceName! : 'main';
    try {
      const seq = this.host.sequence(target);
      if (!seq) return this.failed(`sequence '${target}' is not deployed; this run injected nothing`);
      const msg = this.message();
      if (!msg) return;
      const fault = await this.host.mediate(seq, msg);
      if (fault) this.failed(`the flow of sequence '${target}' faulted: ${fault.message}; the schedule continues`);
    } catch (err) {
      this.failed(`${err instanceof Error ? err.message : String(err)}; the schedule continues`);
    }
  }

  private async injectIntoProxy(name: string): Promise<void> {
    try {
      const msg = this.message();
      if (!msg) return;
      const fault = await this.host.injectIntoProxy(name, msg);
      if (fault) this.failed(`the flow of proxy service '${name}' faulted: ${fault.message}; the schedule continues`);
    } catch (err) {
      this.failed(`${err instanceof Error ? err.message : String(err)}; the schedule continues`);
    }
  }

  /** A new message as MessageInjector.execute builds it, or undefined when its registry payload is missing. */
  private message(): MessageContext | undefined {
    const def = this.def;
    let text = this.payload;
    if (text === undefined) {
      const entry = this.host.resource(def.registryKey!);
      if (!entry) {
        this.failed(`registry key '${def.registryKey}' does not resolve to a registry resource or local entry; this run injected nothing`);
        return undefined;
      }
      const doc = parseXml(entry.toString('utf8'));
      if (doc.errors.length > 0 || !doc.root) {
        this.failed(`the resource at registry key '${def.registryKey}' is not XML (${doc.errors[0]?.message ?? 'no root element'}); this run injected nothing`);
        return undefined;
      }
      text = payloadText(doc.root);
    }
    const msg = new MessageContext();
    msg.method = def.format === 'get' ? 'GET' : 'POST';
    msg.to = def.to;
    if (def.format) setBody(msg, Payload.xml(text), CONTENT_TYPES[def.format]);
    else msg.setPayload(Payload.xml(text));
    if (def.soapAction !== undefined) {
      msg.axis2.set('SOAPAction', def.soapAction);
      if (def.format === 'soap11') msg.transportHeaders.set('SOAPAction', def.soapAction);
    }
    return msg;
  }

  private failed(why: string): void {
    this.host.logger.log('WARN', 'MessageInjector', `CONDUIT_TASK_FAILED task '${this.name}': ${why}`);
  }
}

/** The payload element as standalone XML, whitespace between elements dropped as MI does. */
function payloadText(el: XmlElement): string {
  return serializeNode(withoutEmptyDefaultNs(toDom(el)));
}
