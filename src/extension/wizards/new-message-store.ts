/** New Message Store: type → name → the type's parameters (synapse-semantics.md §6.2). */
import { buildMessageStore, MESSAGE_STORE_TYPES, type MessageStoreType } from '../../model/builders/message-store';
import { typedWizard } from './artifact-wizard';

export const newMessageStoreWizard = typedWizard<MessageStoreType>({
  kind: 'messageStore',
  title: 'New Message Store',
  label: 'Message store',
  types: MESSAGE_STORE_TYPES,
  defaultType: 'in-memory',
  build: (s) => buildMessageStore({ name: s.name, type: s.type, values: s.values }),
});
