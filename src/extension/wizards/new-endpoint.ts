/** New Endpoint: name → HTTP or address → URI (template) → method. */
import { buildEndpoint, ENDPOINT_METHODS, NEW_ENDPOINT, type EndpointType } from '../../model/builders/endpoint';
import { checkUrl } from '../../model/builders/fields';
import type { ArtifactWizard } from './artifact-wizard';
import { nameStep } from './artifact-wizard';
import type { WizardStep } from './multi-step';

export interface EndpointWizardState {
  name: string;
  type: EndpointType;
  uri: string;
  method: string;
}

const uriStep: WizardStep<EndpointWizardState> = async (input, state) => {
  state.uri = await input.text({
    id: 'uri',
    title: state.type === 'http' ? 'URI template' : 'Address',
    prompt: state.type === 'http' ? 'Variables from uri.var.* properties, e.g. http://localhost:9090/{uri.var.hospital}/categories' : undefined,
    value: state.uri,
    validate: (v) => (v === '' ? 'A URI is required' : checkUrl(v)),
  });
  return state.type === 'http' ? methodStep : undefined;
};

const methodStep: WizardStep<EndpointWizardState> = async (input, state) => {
  state.method = await input.pick({
    id: 'method',
    title: 'HTTP method',
    items: [{ label: '(same as the request)', value: '' }, ...ENDPOINT_METHODS.map((m) => ({ label: m.toUpperCase(), value: m }))],
    active: state.method,
  });
};

export const newEndpointWizard: ArtifactWizard<EndpointWizardState> = {
  kind: 'endpoint',
  title: 'New Endpoint',
  totalSteps: 4,
  initial: () => ({ name: '', ...NEW_ENDPOINT }),
  first: (env) =>
    nameStep(env, 'endpoint', 'Endpoint', async (input, state) => {
      state.type = await input.pick({
        id: 'type',
        title: 'Endpoint type',
        items: [
          { label: 'HTTP', description: 'URI template and method', value: 'http' as const },
          { label: 'Address', description: 'a fixed address', value: 'address' as const },
        ],
        active: state.type,
      });
      return uriStep;
    }),
  build: (s) => buildEndpoint({ name: s.name, type: s.type, uri: s.uri, method: s.method || undefined }),
};
