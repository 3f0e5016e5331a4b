/** New Message Store: type → name → the type's parameters (synapse-semantics.md §6.2). */
import { buildMessageStore, MESSAGE_STORE_TYPES, messageStoreType, type MessageStoreType } from '../../model/builders/message-store';
import type { ArtifactWizard } from './artifact-wizard';
import { nameStep } from './artifact-wizard';
import { fieldSteps, type FormState } from './field-steps';

export interface MessageStoreWizardState extends FormState {
  name: string;
  type: MessageStoreType;
}

export const newMessageStoreWizard: ArtifactWizard<MessageStoreWizardState> = {
  kind: 'messageStore',
  title: 'New Message Store',
  initial: () => ({ name: '', type: 'in-memory', values: {} }),
  first: (env) => async (input, state) => {
    const type = await input.pick({
      id: 'type',
      title: 'Store type',
      items: MESSAGE_STORE_TYPES.map((t) => ({ label: t.label, description: t.description, value: t.type })),
      active: state.type,
    });
    if (type !== state.type) state.values = {};
    state.type = type;
    return nameStep(env, 'messageStore', 'Message store', fieldSteps(messageStoreType(type).fields, env.lookup));
  },
  build: (s) => buildMessageStore({ name: s.name, type: s.type, values: s.values }),
};
