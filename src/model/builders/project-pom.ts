/**
 * The root pom.xml of an MI for VS Code project (car-format.md §4): packaging pom, projectType
 * integration-project, the runtime version, and the vscode-car-plugin that builds target/<artifactId>_<version>.car.
 * Conduit itself needs only the groupId, artifactId, version and runtime version; the plugin section keeps the
 * project buildable with Maven and openable in WSO2's own tooling.
 */
import { randomUUID } from 'node:crypto';
import { el, type XmlElement } from '../xml';

export interface ProjectState {
  name: string;
  groupId?: string;
  version?: string;
  runtimeVersion?: string;
  /** Fixed in tests; a fresh UUID otherwise. */
  uuid?: string;
}

export function checkProjectName(value: string): string | undefined {
  if (value.trim() === '') return 'A project name is required';
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value)) return 'Use letters, digits, "_", "-" or "." and start with a letter';
  return undefined;
}

export function checkGroupId(value: string): string | undefined {
  return /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(value) ? undefined : 'Use a dotted package name such as com.example';
}

export function checkVersion(value: string): string | undefined {
  return /^\d+(\.\d+)*(-[A-Za-z0-9.]+)?$/.test(value) ? undefined : 'Use a version such as 1.0.0';
}

const t = (name: string, value: string) => el(name, {}, [value]);

export function buildProjectPom(state: ProjectState): XmlElement {
  const problem = checkProjectName(state.name);
  if (problem) throw new Error(`project: ${problem}`);
  const groupId = state.groupId ?? 'com.example';
  const version = state.version ?? '1.0.0';
  const runtime = state.runtimeVersion ?? '4.4.0';
  return el(
    'project',
    {
      xmlns: 'http://maven.apache.org/POM/4.0.0',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': 'http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd',
    },
    [
      t('modelVersion', '4.0.0'),
      t('groupId', groupId),
      t('artifactId', state.name),
      t('version', version),
      t('packaging', 'pom'),
      t('name', state.name),
      t('description', state.name),
      el('properties', {}, [
        t('project.scm.id', 'integration-project'),
        t('projectType', 'integration-project'),
        t('uuid', state.uuid ?? randomUUID()),
        t('project.runtime.version', runtime),
        t('car.plugin.version', '5.2.82'),
        t('fat.car.enable', 'true'),
      ]),
      el('build', {}, [
        el('plugins', {}, [
          el('plugin', {}, [
            t('groupId', 'org.wso2.maven'),
            t('artifactId', 'vscode-car-plugin'),
            t('version', '${car.plugin.version}'),
            t('extensions', 'true'),
            el('executions', {}, [
              el('execution', {}, [t('id', 'car'), t('phase', 'package'), el('goals', {}, [t('goal', 'car')])]),
            ]),
          ]),
        ]),
      ]),
    ],
  );
}
