/**
 * Create Project: parent folder → name → group id → version → runtime version. Writes the MI for VS Code
 * layout: pom.xml, src/main/wso2mi/artifacts/<every kind folder>/, src/main/wso2mi/resources/.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkGroupId, checkProjectName, checkVersion, buildProjectPom } from '../../model/builders/project-pom';
import { writeXml } from '../../model/xml';
import { ARTIFACT_KINDS } from '../../model/kinds';
import { MI_ARTIFACTS_DIR, MI_RESOURCES_DIR } from '../../model/project';
import { runWizard, type WizardInput, type WizardStep } from './multi-step';

export interface CreateProjectState {
  parent: string;
  name: string;
  groupId: string;
  version: string;
  runtimeVersion: string;
}

const nameStep: WizardStep<CreateProjectState> = async (input, state) => {
  state.name = await input.text({
    id: 'name',
    title: 'Project name',
    value: state.name,
    validate: (v) => checkProjectName(v) ?? (existsSync(path.join(state.parent, v)) ? `${path.join(state.parent, v)} already exists` : undefined),
  });
  return groupStep;
};

const groupStep: WizardStep<CreateProjectState> = async (input, state) => {
  state.groupId = await input.text({ id: 'groupId', title: 'Group id', value: state.groupId, validate: checkGroupId });
  return versionStep;
};

const versionStep: WizardStep<CreateProjectState> = async (input, state) => {
  state.version = await input.text({ id: 'version', title: 'Version', value: state.version, validate: checkVersion });
  return runtimeStep;
};

const runtimeStep: WizardStep<CreateProjectState> = async (input, state) => {
  state.runtimeVersion = await input.pick({
    id: 'runtimeVersion',
    title: 'Micro Integrator version it targets',
    items: ['4.4.0', '4.3.0', '4.2.0'].map((v) => ({ label: v, value: v })),
    active: state.runtimeVersion,
  });
};

export function createProjectSteps(askParent?: WizardStep<CreateProjectState>): WizardStep<CreateProjectState> {
  if (!askParent) return nameStep;
  return async (input, state) => {
    await askParent(input, state);
    return nameStep;
  };
}

/** Writes the project skeleton; returns its root folder. */
export async function writeProject(state: CreateProjectState): Promise<string> {
  const root = path.join(state.parent, state.name);
  await mkdir(root, { recursive: true });
  await writeFile(
    path.join(root, 'pom.xml'),
    writeXml(buildProjectPom({ name: state.name, groupId: state.groupId, version: state.version, runtimeVersion: state.runtimeVersion })),
    { flag: 'wx' },
  );
  for (const k of ARTIFACT_KINDS) await mkdir(path.join(root, MI_ARTIFACTS_DIR, k.miFolder), { recursive: true });
  await mkdir(path.join(root, MI_RESOURCES_DIR), { recursive: true });
  return root;
}

export async function runCreateProject(input: WizardInput, parent: string): Promise<string> {
  const state = await runWizard(createProjectSteps(), input, {
    parent,
    name: '',
    groupId: 'com.example',
    version: '1.0.0',
    runtimeVersion: '4.4.0',
  });
  return writeProject(state);
}
