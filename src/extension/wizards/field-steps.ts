/** Turns a builder's field table into wizard steps: one prompt per field, in table order. */
import { checkField, checkName, type Field } from '../../model/builders/fields';
import type { WizardInput, WizardStep } from './multi-step';

export interface FormState {
  values: Record<string, string>;
}

/** The project's artifact names of a kind, for fields that reference a store, sequence or endpoint. */
export type ArtifactLookup = (kind: 'messageStore' | 'sequence' | 'endpoint') => string[];

const NONE = '';

export function fieldSteps<S extends FormState>(fields: readonly Field[], lookup: ArtifactLookup, next?: WizardStep<S>): WizardStep<S> | undefined {
  let chain: WizardStep<S> | undefined = next;
  for (let i = fields.length - 1; i >= 0; i--) {
    const field = fields[i];
    const after = chain;
    chain = async (input, state) => {
      state.values[field.name] = await askField(input, field, state.values[field.name], lookup);
      return after;
    };
  }
  return chain;
}

async function askField(input: WizardInput, field: Field, previous: string | undefined, lookup: ArtifactLookup): Promise<string> {
  const current = previous ?? field.defaultValue ?? '';
  const src = field.source;
  if (src.kind === 'choice') {
    return input.pick({
      id: field.name,
      title: field.label,
      items: src.options.map((o) => ({ label: o, value: o, description: o === field.defaultValue ? 'default' : undefined })),
      active: current || src.options[0],
    });
  }
  if (src.kind === 'artifact') {
    const names = lookup(src.artifact);
    // Nothing to pick from yet: let the user name one they will create (a reference may be written first).
    if (names.length === 0) {
      return input.text({
        id: field.name,
        title: field.label,
        prompt: `No ${src.artifact} in the project yet; name the one it will use${field.required ? '' : ' (empty: none)'}`,
        value: current,
        validate: (v) => (v === '' && !field.required ? undefined : checkName(v)),
      });
    }
    const items = names.map((n) => ({ label: n, value: n }));
    if (!field.required) items.unshift({ label: '(none)', value: NONE });
    return input.pick({ id: field.name, title: field.label, items, active: current || items[0].value });
  }
  return input.text({
    id: field.name,
    title: field.label,
    prompt: field.hint,
    value: current,
    password: src.kind === 'password',
    validate: (v) => checkField(field, v),
  });
}
