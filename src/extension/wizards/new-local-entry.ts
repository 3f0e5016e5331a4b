/** New Local Entry: inline text, inline XML or a source URL → key → the value. */
import { buildLocalEntry, LOCAL_ENTRY_TYPES, type LocalEntryType } from '../../model/builders/local-entry';
import { typedWizard } from './artifact-wizard';

export const newLocalEntryWizard = typedWizard<LocalEntryType>({
  kind: 'localEntry',
  title: 'New Local Entry',
  label: 'Local entry',
  types: LOCAL_ENTRY_TYPES,
  defaultType: 'text',
  build: (s) => buildLocalEntry({ key: s.name, type: s.type, values: s.values }),
});
