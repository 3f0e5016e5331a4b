/** New Message Processor: type → name → store, sequence/endpoint (picked from the project) and schedule. */
import {
  buildMessageProcessor,
  MESSAGE_PROCESSOR_TYPES,
  messageProcessorType,
  type MessageProcessorType,
} from '../../model/builders/message-processor';
import type { ArtifactWizard } from './artifact-wizard';
import { nameStep } from './artifact-wizard';
import { fieldSteps, type FormState } from './field-steps';

export interface MessageProcessorWizardState extends FormState {
  name: string;
  type: MessageProcessorType;
}

export const newMessageProcessorWizard: ArtifactWizard<MessageProcessorWizardState> = {
  kind: 'messageProcessor',
  title: 'New Message Processor',
  initial: () => ({ name: '', type: 'sampling', values: {} }),
  first: (env) => async (input, state) => {
    const type = await input.pick({
      id: 'type',
      title: 'Processor type',
      items: MESSAGE_PROCESSOR_TYPES.map((t) => ({ label: t.label, description: t.description, value: t.type })),
      active: state.type,
    });
    if (type !== state.type) state.values = {};
    state.type = type;
    return nameStep(env, 'messageProcessor', 'Message processor', fieldSteps(messageProcessorType(type).fields, env.lookup));
  },
  build: (s) => buildMessageProcessor({ name: s.name, type: s.type, values: s.values }),
};
