/** What every "New <artifact>" wizard shares: the name step, and turning answers into a file in the project. */
import { checkName } from '../../model/builders/fields';
import type { ArtifactKind, Project } from '../../model/types';
import type { XmlElement } from '../../model/xml';
import type { ArtifactLookup } from './field-steps';
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
  build(state: S): XmlElement;
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
  const file = await saveArtifact(env.project, wizard.kind, state.name, wizard.build(state));
  return { file, state };
}
