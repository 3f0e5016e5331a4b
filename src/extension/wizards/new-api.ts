/** New API: name → context → first resource (methods, URI template). More resources are added in XML. */
import { buildApi, checkContext, checkMethods, checkUriTemplate } from '../../model/builders/api';
import { expressionStyleFor } from '../../model/builders/expression-style';
import type { ArtifactWizard } from './artifact-wizard';
import { nameStep } from './artifact-wizard';
import type { WizardStep } from './multi-step';

export interface ApiWizardState {
  name: string;
  context: string;
  methods: string;
  uriTemplate: string;
}

const contextStep: WizardStep<ApiWizardState> = async (input, state) => {
  state.context = await input.text({
    id: 'context',
    title: 'Context',
    value: state.context || `/${state.name.toLowerCase()}`,
    validate: checkContext,
  });
  return methodsStep;
};

const methodsStep: WizardStep<ApiWizardState> = async (input, state) => {
  state.methods = await input.text({
    id: 'methods',
    title: 'Resource methods',
    prompt: 'Space-separated, e.g. GET POST',
    value: state.methods,
    validate: (v) => checkMethods(v.toUpperCase().split(/\s+/).filter(Boolean)),
  });
  return templateStep;
};

const templateStep: WizardStep<ApiWizardState> = async (input, state) => {
  state.uriTemplate = await input.text({
    id: 'uriTemplate',
    title: 'Resource URI template',
    prompt: 'e.g. /categories/{category}/reserve (empty: every path)',
    value: state.uriTemplate,
    validate: checkUriTemplate,
  });
};

export const newApiWizard: ArtifactWizard<ApiWizardState> = {
  kind: 'api',
  title: 'New API',
  totalSteps: 4,
  initial: () => ({ name: '', context: '', methods: 'GET', uriTemplate: '/' }),
  first: (env) => nameStep(env, 'api', 'API', contextStep),
  build: (s, env) =>
    buildApi({
      name: s.name,
      context: s.context,
      resources: [{ methods: s.methods.toUpperCase().split(/\s+/).filter(Boolean), uriTemplate: s.uriTemplate }],
      expressionStyle: expressionStyleFor(env.project.runtimeVersion),
    }),
};
