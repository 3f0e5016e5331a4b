/** New Connection (HTTP connector): authentication → name → base URL, credentials and endpoint rules. */
import { buildHttpConnection, CONNECTION_TYPES, type ConnectionAuth } from '../../model/builders/connection';
import { typedWizard } from './artifact-wizard';

export const newConnectionWizard = typedWizard<ConnectionAuth>({
  kind: 'localEntry',
  title: 'New HTTP Connection',
  label: 'Connection',
  typeTitle: 'Authentication',
  types: CONNECTION_TYPES,
  defaultType: 'None',
  build: (s) => buildHttpConnection({ name: s.name, auth: s.type, values: s.values }),
});
