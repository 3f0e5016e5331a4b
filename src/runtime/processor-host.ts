/**
 * The ProcessorHost processors run against: stored messages become live messages (through
 * stored-message.ts, the one conversion) and run through deployed sequences and endpoints in a flow
 * that has no client to answer.
 */
import { Flow, type FlowServices } from './flow';
import type { MessageContext } from './message';
import type { CompiledSequence } from './mediators/types';
import type { EndpointOutcome, ProcessorHost, SequenceOutcome } from './processors/types';
import type { MessageStore, StoredMessage } from './stores/types';
import { fromStoredMessage, toStoredMessage } from './stored-message';

export class RuntimeProcessorHost implements ProcessorHost {
  constructor(private readonly services: FlowServices) {}

  get logger() {
    return this.services.logger;
  }

  store(name: string): MessageStore | undefined {
    return this.services.stores.get(name);
  }

  hasSequence(name: string): boolean {
    return this.services.sequences.has(name);
  }

  hasEndpoint(name: string): boolean {
    return this.services.endpoints.has(name);
  }

  async runSequence(name: string, message: StoredMessage): Promise<SequenceOutcome> {
    const seq = this.services.sequences.get(name);
    if (!seq) return { completed: false, error: new Error(`sequence '${name}' is not deployed`) };
    const error = await this.mediate(seq, fromStoredMessage(message));
    return error ? { completed: false, error } : { completed: true };
  }

  /**
   * Mediates a live message through a sequence in a flow no client waits on, with a proxy's outSequence
   * and fault sequence when given; resolves to the fault that ended it, if any.
   */
  async mediate(seq: CompiledSequence, msg: MessageContext, outSequence?: CompiledSequence, faultSequence?: CompiledSequence): Promise<Error | undefined> {
    const flow = new Flow(this.services, undefined, outSequence);
    try {
      await flow.runTop(seq, msg, faultSequence);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
    return flow.faulted;
  }

  async sendToEndpoint(name: string, message: StoredMessage): Promise<EndpointOutcome> {
    const msg = fromStoredMessage(message);
    const flow = new Flow(this.services);
    try {
      await flow.callEndpoint({ key: name, where: `endpoint ${name}` }, msg, { blocking: true });
    } catch (err) {
      return { error: err instanceof Error ? err : new Error(String(err)) };
    }
    const sc = msg.axis2.get('HTTP_SC');
    return { status: typeof sc === 'number' ? sc : Number(sc), response: toStoredMessage(msg) };
  }
}
