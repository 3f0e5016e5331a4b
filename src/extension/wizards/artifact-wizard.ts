/** What every "New <artifact>" wizard shares: the name step, and turning answers into a file in the project. */
import { checkName } from '../../model/builders/fields';
import type { ArtifactKind, Project } from '../../model/types';
import type { XmlElement } from '../../model/xml';
import type { Field } from '../../model/builders/fields';
import { fieldSteps, type ArtifactLookup, type FormState } from './field-steps';
import { runWizard, type WizardInput, type WizardStep } from './multi-step';
import { saveArtifact } from './save-artifact';

export interface WizardEnv {
  project: Project;
  lookup: ArtifactLookup;
}

/** A wizard for one artifact kind: its first step and how its finished state becomes XML. */
export interface ArtifactWizard<S extends { name: string }> {
  kind: ArtifactKind;
  title: string;
  totalSteps?: number;
  initial(): S;
  first(env: WizardEnv): WizardStep<S>;
  /** `env` carries the project, whose runtime version decides the mediator style written. */
  build(state: S, env: WizardEnv): XmlElement;
}

/** Asks for the artifact's name; a name taken by another artifact of the kind is refused as typed. */
export function nameStep<S extends { name: string }>(
  env: WizardEnv,
  kind: ArtifactKind,
  label: string,
  next: WizardStep<S> | undefined,
): WizardStep<S> {
  const taken = new Set(env.project.artifacts.filter((a) => a.kind === kind).map((a) => a.name));
  return async (input, state) => {
    state.name = await input.text({
      id: 'name',
      title: `${label} name`,
      value: state.name,
      validate: (v) => checkName(v) ?? (taken.has(v) ? `A ${label.toLowerCase()} named ${v} already exists` : undefined),
    });
    return next;
  };
}

/** Runs a wizard's steps, builds the XML and writes it into the project. Returns the file written. */
export async function runArtifactWizard<S extends { name: string }>(
  wizard: ArtifactWizard<S>,
  env: WizardEnv,
  input: WizardInput,
): Promise<{ file: string; state: S }> {
  const state = await runWizard(wizard.first(env), input, wizard.initial());
  const file = await saveArtifact(env.project, wizard.kind, state.name, wizard.build(state, env));
  return { file, state };
}

/** A store or processor type as the typed wizards list it. */
export interface TypeChoice<T extends string> {
  type: T;
  label: string;
  description: string;
  /** A second line under the choice, e.g. that Conduit does not run what this type writes. */
  detail?: string;
  fields: readonly Field[];
}

/**
 * A wizard that asks for a type first, then the name, then the chosen type's fields (New Message Store,
 * New Message Processor, New Template, New Local Entry, New Scheduled Task). Changing the type on Back
 * drops answers given for the other type's fields.
 */
export function typedWizard<T extends string>(options: {
  kind: ArtifactKind;
  title: string;
  label: string;
  /** Title of the type question; `<label> type` unless the choice is better named (a task's trigger). */
  typeTitle?: string;
  types: readonly TypeChoice<T>[];
  defaultType: T;
  build: (state: TypedWizardState<T>, env: WizardEnv) => XmlElement;
}): ArtifactWizard<TypedWizardState<T>> {
  return {
    kind: options.kind,
    title: options.title,
    initial: () => ({ name: '', type: options.defaultType, values: {} }),
    first: (env) => async (input, state) => {
      const type = await input.pick({
        id: 'type',
        title: options.typeTitle ?? `${options.label} type`,
        items: options.types.map((t) => ({ label: t.label, description: t.description, detail: t.detail, value: t.type })),
        active: state.type,
      });
      if (type !== state.type) state.values = {};
      state.type = type;
      const fields = options.types.find((t) => t.type === type)?.fields ?? [];
      return nameStep(env, options.kind, options.label, fieldSteps(fields, env.lookup));
    },
    build: options.build,
  };
}

export interface TypedWizardState<T extends string> extends FormState {
  name: string;
  type: T;
}
