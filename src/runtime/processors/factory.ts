/**
 * Turns a `messageProcessor` artifact into a MessageProcessor, by the processor catalog (current and
 * older class names).
 */
import { processorClassSpec, processorRefusal, type ProcessorClassSpec } from '../../model/catalog/message-processors';
import { ConduitError } from '../../model/errors';
import { FailoverForwardingProcessor } from './failover-forwarding';
import { ForwardingProcessor } from './forwarding';
import { SamplingProcessor } from './sampling';
import type { ProcessorDefinition } from './scheduled-processor';
import type { MessageProcessor, ProcessorHost } from './types';

export type { ProcessorDefinition } from './scheduled-processor';

const MAKERS: Record<ProcessorClassSpec['type'], (def: ProcessorDefinition, host: ProcessorHost) => MessageProcessor> = {
  sampling: (d, h) => new SamplingProcessor(d, h),
  'scheduled-forwarding': (d, h) => new ForwardingProcessor(d, h),
  'failover-forwarding': (d, h) => new FailoverForwardingProcessor(d, h),
};

/**
 * Creates (but does not start) the processor a definition describes. Throws a ConduitError
 * (CONDUIT_PROCESSOR_UNSUPPORTED, CONDUIT_PROCESSOR_CONFIG_INVALID) the runtime reports as a refused
 * artifact.
 */
export function createProcessor(def: ProcessorDefinition, host: ProcessorHost): MessageProcessor {
  const refusal = processorRefusal(def.name, def.className);
  if (refusal) throw new ConduitError('CONDUIT_PROCESSOR_UNSUPPORTED', refusal);
  return MAKERS[processorClassSpec(def.className)!.type](def, host);
}
