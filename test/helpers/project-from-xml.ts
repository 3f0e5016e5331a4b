/**
 * Builds a Project from artifact XML held in the test itself, so runtime tests state exactly what
 * they deploy. Files are named as in an MI project (`apis/X.xml`); nothing is written to disk.
 */
import { readArtifact } from '../../src/model/artifacts';
import type { Project } from '../../src/model/types';

export function projectFromXml(files: Record<string, string>, root = '/virtual/project'): Project {
  const project: Project = { root, name: 'test', version: '1.0.0', layout: 'mi', artifacts: [], registry: new Map(), problems: [] };
  for (const [name, text] of Object.entries(files)) {
    const { artifact, problems } = readArtifact(`${root}/${name}`, text);
    if (artifact) project.artifacts.push(artifact);
    project.problems.push(...problems.filter((p) => p.severity === 'error'));
  }
  return project;
}

export const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/**
 * An API resource running `mediators`, whose fault sequence answers 502 with `{"code": ERROR_CODE,
 * "message": ERROR_MESSAGE}`, so a test sees which fault a flow raised.
 */
export function resourceAnsweringFaults(path: string, mediators: string, methods = 'POST'): string {
  return `<resource methods="${methods}" uri-template="/${path}">
  <inSequence>${mediators}</inSequence>
  <faultSequence>
    <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
      <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
    </payloadFactory>
    <property name="HTTP_SC" value="502" scope="axis2"/>
    <respond/>
  </faultSequence>
</resource>`;
}
