/** New Template: sequence or endpoint template → name → parameters (and an endpoint template's URI and method). */
import { expressionStyleFor } from '../../model/builders/expression-style';
import { buildTemplate, TEMPLATE_TYPES, type TemplateType } from '../../model/builders/template';
import { typedWizard } from './artifact-wizard';

export const newTemplateWizard = typedWizard<TemplateType>({
  kind: 'template',
  title: 'New Template',
  label: 'Template',
  types: TEMPLATE_TYPES,
  defaultType: 'sequence',
  build: (s, env) => buildTemplate({ name: s.name, type: s.type, values: s.values, expressionStyle: expressionStyleFor(env.project.runtimeVersion) }),
});
