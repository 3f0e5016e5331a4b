/** New Message Processor: type → name → store, sequence/endpoint (picked from the project) and schedule. */
import { buildMessageProcessor, MESSAGE_PROCESSOR_TYPES, type MessageProcessorType } from '../../model/builders/message-processor';
import { typedWizard } from './artifact-wizard';

export const newMessageProcessorWizard = typedWizard<MessageProcessorType>({
  kind: 'messageProcessor',
  title: 'New Message Processor',
  label: 'Message processor',
  types: MESSAGE_PROCESSOR_TYPES,
  defaultType: 'sampling',
  build: (s) => buildMessageProcessor({ name: s.name, type: s.type, values: s.values }),
});
