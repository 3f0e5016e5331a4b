/**
 * Writes a project as a .car that WSO2 Micro Integrator deploys: artifacts.xml naming one
 * carbon/application with a dependency per artifact, a `<name>_<version>/` folder per artifact with
 * its artifact.xml and the unchanged XML, and registry resources with registry-info.xml.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type yazlModule from 'yazl';
import { isDataMapperSource } from './datamapper-ts';
import { CARBON_APPLICATION_CAR_TYPE, kindInfo, REGISTRY_RESOURCE_CAR_TYPE } from './kinds';
import type { Artifact, Project, RegistryResource } from './types';
import { attr, el, writeXml, type XmlElement } from './xml';

export { readCarProject } from './car-reader';

/** A fixed timestamp keeps exported archives byte-for-byte reproducible. */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/**
 * Writes the project as `<name>_<version>.car`. `out` is the .car path, or an existing folder to
 * write `<name>_<version>.car` into. Returns the file written and the artifact names it holds.
 */
export async function exportCar(project: Project, out: string): Promise<{ file: string; artifacts: string[] }> {
  const version = project.version.replace(/-SNAPSHOT$/, '');
  const carName = `${project.name}_${version}.car`;
  const isDir = (await stat(out).catch(() => undefined))?.isDirectory() ?? false;
  const file = isDir || out.endsWith('/') ? join(out, carName) : out;
  // The VS Code tooling writes EnterpriseIntegrator; MI matches server roles by regex, and older
  // servers configured for EnterpriseServiceBus accept what Integration Studio wrote.
  const serverRole = project.layout === 'mi' ? 'EnterpriseIntegrator' : 'EnterpriseServiceBus';

  // Only export writes archives; `conduit run` does not load the zip writer.
  const yazl = require('yazl') as typeof yazlModule;
  const zip = new yazl.ZipFile();
  const add = (name: string, data: string | Buffer) => zip.addBuffer(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, name, { mtime: ENTRY_TIME });
  const deps: XmlElement[] = [];
  const names: string[] = [];
  const used = new Set<string>();

  for (const a of project.artifacts) {
    const name = uniqueName(carArtifactName(a), used);
    const dir = `${name}_${version}`;
    const xmlFile = `${name}-${version}.xml`;
    add(`${dir}/artifact.xml`, descriptor(el('artifact', { name, version, type: kindInfo(a.kind).carType, serverRole }, [el('file', {}, [xmlFile])])));
    add(`${dir}/${xmlFile}`, a.doc.text);
    deps.push(el('dependency', { artifact: name, version, include: 'true', serverRole }));
    names.push(name);
  }

  for (const [artifactName, resources] of groupResources(project, used)) {
    const dir = `${artifactName}_${version}`;
    const items = resources.map((r) =>
      el('item', {}, [el('file', {}, [basename(r.path)]), el('path', {}, [dirname(r.path)]), el('mediaType', {}, [r.mediaType ?? 'text/plain'])]),
    );
    add(`${dir}/artifact.xml`, descriptor(el('artifact', { name: artifactName, version, type: REGISTRY_RESOURCE_CAR_TYPE, serverRole }, [el('file', {}, ['registry-info.xml'])])));
    add(`${dir}/registry-info.xml`, descriptor(el('resources', {}, items)));
    for (const r of resources) add(`${dir}/resources/${basename(r.path)}`, r.content);
    deps.push(el('dependency', { artifact: artifactName, version, include: 'true', serverRole }));
    names.push(artifactName);
  }

  add('artifacts.xml', descriptor(el('artifacts', {}, [el('artifact', { name: project.name, version, type: CARBON_APPLICATION_CAR_TYPE }, deps)])));

  await mkdir(dirname(file), { recursive: true });
  await new Promise<void>((resolvePromise, reject) => {
    const stream = createWriteStream(file);
    stream.on('error', reject);
    stream.on('close', () => resolvePromise());
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(stream);
    zip.end();
  });
  return { file, artifacts: names };
}

/** An API with a version is deployed as `<name>_<version>` (vscode-car-plugin CAppHandler). */
function carArtifactName(a: Artifact): string {
  const apiVersion = a.kind === 'api' ? attr(a.element, 'version') : undefined;
  return apiVersion ? `${a.name}_${apiVersion}` : a.name;
}

function uniqueName(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n); i++) n = `${name}_${i}`;
  used.add(n);
  return n;
}

/**
 * Registry resources grouped into registry/resource artifacts: resources that came from one manifest
 * artifact stay together; the rest get a name from their registry path. A CAR keeps each artifact's
 * files flat under resources/, so two files with the same name go to separate artifacts.
 */
function groupResources(project: Project, used: Set<string>): Map<string, RegistryResource[]> {
  const groups = new Map<string, RegistryResource[]>();
  // A TypeScript data mapping's sources are the build's input; MI's build writes only what it generates.
  const sorted = [...project.registry.values()].filter((r) => !isDataMapperSource(r.path)).sort((x, y) => x.path.localeCompare(y.path));
  const byOrigin = new Map<string, string>();
  for (const r of sorted) {
    const origin = r.artifactName ?? nameFromPath(r.path);
    let name = byOrigin.get(origin);
    if (name && groups.get(name)!.some((o) => basename(o.path) === basename(r.path))) name = undefined;
    if (!name) {
      name = uniqueName(origin, used);
      if (!byOrigin.has(origin)) byOrigin.set(origin, name);
      groups.set(name, []);
    }
    groups.get(name)!.push(r);
  }
  return groups;
}

function nameFromPath(path: string): string {
  const rel = path.replace(/^\/_system\/(governance\/mi-resources|governance|config)\//, '');
  return rel.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'resource';
}

function descriptor(root: XmlElement): string {
  return writeXml(root);
}
