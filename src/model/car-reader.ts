/**
 * Reads a .car (Carbon Application archive) into a Project the way MI deploys it: the descriptor
 * (metadata.xml, else artifacts.xml) names one carbon/application and its dependencies; each
 * dependency is the folder whose artifact.xml has the same name and version.
 */
import { basename } from 'node:path';
import type yauzlModule from 'yauzl';
import { readArtifact } from './artifacts';
import { ConduitError, problem } from './errors';
import { CARBON_APPLICATION_CAR_TYPE, deployRank, kindForCarType, REGISTRY_RESOURCE_CAR_TYPE } from './kinds';
import { joinRegistryPath, readManifest } from './registry';
import type { Project } from './types';
import { attr, elements, parseXml, textOf, type XmlElement } from './xml';

/** Archives bigger than this once inflated are refused rather than read into memory. */
const MAX_CAR_BYTES = 256 * 1024 * 1024;

interface CarArtifact {
  dir: string;
  name: string;
  version: string;
  type: string;
  files: string[];
}

export async function readCarProject(carFile: string): Promise<Project> {
  const entries = await readZip(carFile);
  const at = (entry: string) => `${carFile}!/${entry}`;
  const descriptorName = entries.has('metadata.xml') ? 'metadata.xml' : 'artifacts.xml';
  const descriptor = entries.get(descriptorName);
  if (!descriptor) throw new ConduitError('CONDUIT_CAR_INVALID', `${carFile} has neither metadata.xml nor artifacts.xml`);
  const doc = parseXml(descriptor.toString('utf8'));
  const app = doc.root && findApplication(doc.root);
  if (!app) throw new ConduitError('CONDUIT_CAR_INVALID', `${carFile}: ${descriptorName} has no artifact of type ${CARBON_APPLICATION_CAR_TYPE}`);

  const project: Project = {
    root: carFile,
    name: attr(app, 'name') ?? basename(carFile, '.car'),
    version: attr(app, 'version') ?? '1.0.0',
    layout: 'car',
    artifacts: [],
    registry: new Map(),
    problems: [],
  };

  // Every top-level folder with an artifact.xml is a candidate, as in MI's searchArtifacts.
  const candidates: CarArtifact[] = [];
  for (const [name, data] of entries) {
    const m = /^([^/]+)\/artifact\.xml$/.exec(name);
    if (!m) continue;
    const d = parseXml(data.toString('utf8'));
    if (!d.root || d.errors.length > 0) {
      for (const e of d.errors) project.problems.push(problem('CONDUIT_XML_MALFORMED', `artifact.xml is not well-formed XML: ${e.message}`, { file: at(name), range: e.range }));
      continue;
    }
    candidates.push({
      dir: m[1],
      name: attr(d.root, 'name') ?? '',
      version: attr(d.root, 'version') ?? '',
      type: attr(d.root, 'type') ?? '',
      files: elements(d.root, 'file').map((f) => textOf(f).trim()).filter(Boolean),
    });
  }

  const deps = elements(app, 'dependency');
  const selected: CarArtifact[] = [];
  if (deps.length === 0) selected.push(...candidates);
  for (const dep of deps) {
    if (attr(dep, 'include') === 'false') continue;
    const name = attr(dep, 'artifact') ?? '';
    const version = attr(dep, 'version') ?? '';
    const found = candidates.find((c) => c.name === name && c.version === version);
    if (found) selected.push(found);
    else project.problems.push(problem('CONDUIT_CAR_INVALID', `dependency ${name} ${version} has no folder with a matching artifact.xml`, { file: at(descriptorName), range: dep.range }));
  }

  for (const a of selected) {
    if (a.type === REGISTRY_RESOURCE_CAR_TYPE) {
      for (const f of a.files) loadRegistryInfo(project, entries, a, `${a.dir}/${f}`, at);
      continue;
    }
    if (!kindForCarType(a.type)) continue; // connectors, class mediators, metadata: not artifacts of the model
    for (const f of a.files) {
      const entry = `${a.dir}/${f}`;
      const data = entries.get(entry);
      if (!data) {
        project.problems.push(problem('CONDUIT_CAR_INVALID', `${a.dir}/artifact.xml names ${f}, which is not in the archive`, { file: at(`${a.dir}/artifact.xml`) }));
        continue;
      }
      const { artifact, problems } = readArtifact(at(entry), data.toString('utf8'));
      project.problems.push(...problems);
      if (artifact && !problems.some((p) => p.severity === 'error')) project.artifacts.push(artifact);
    }
  }
  // Dependency order in artifacts.xml is arbitrary; MI deploys by kind, and so does the model's order.
  project.artifacts.sort((x, y) => deployRank(x.kind) - deployRank(y.kind));
  return project;
}

function findApplication(root: XmlElement): XmlElement | undefined {
  const candidates = root.local === 'artifact' ? [root] : elements(root, 'artifact');
  return candidates.find((a) => attr(a, 'type') === CARBON_APPLICATION_CAR_TYPE);
}

function loadRegistryInfo(project: Project, entries: Map<string, Buffer>, a: CarArtifact, infoEntry: string, at: (e: string) => string): void {
  const data = entries.get(infoEntry);
  const d = data && parseXml(data.toString('utf8'));
  if (!d || !d.root || d.errors.length > 0) {
    project.problems.push(problem('CONDUIT_CAR_INVALID', `registry resource ${a.name}: ${infoEntry} is missing or not well-formed`, { file: at(infoEntry) }));
    return;
  }
  for (const item of readManifest(d.root)) {
    if (item.type === 'item') {
      const entry = `${a.dir}/resources/${item.file}`;
      const content = entries.get(entry);
      if (!content) {
        project.problems.push(problem('CONDUIT_REGISTRY_NOT_FOUND', `registry resource ${item.file} is listed but ${entry} is not in the archive`, { file: at(infoEntry) }, 'warning'));
        continue;
      }
      const path = joinRegistryPath(item.path, item.file);
      project.registry.set(path, { path, file: at(entry), mediaType: item.mediaType, content, artifactName: a.name });
    } else {
      const prefix = `${a.dir}/resources/${item.directory.replace(/^\/+|\/+$/g, '')}/`;
      for (const [name, content] of entries) {
        if (!name.startsWith(prefix) || name.endsWith('/')) continue;
        const path = joinRegistryPath(item.path, name.slice(prefix.length));
        project.registry.set(path, { path, file: at(name), content, artifactName: a.name });
      }
    }
  }
}

/** All file entries of a zip (a .car, a .vsix), by name. */
export function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolvePromise, reject) => {
    const fail = (err: unknown) => reject(new ConduitError('CONDUIT_CAR_INVALID', `${file} cannot be read as a .car (zip) archive: ${(err as Error).message}`, { cause: err }));
    // Loaded here: most projects are folders, and the zip reader is not worth loading for them.
    const yauzl = require('yauzl') as typeof yauzlModule;
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error('no archive'));
      const out = new Map<string, Buffer>();
      let total = 0;
      zip.on('error', fail);
      zip.on('end', () => resolvePromise(out));
      zip.on('entry', (entry: yauzlModule.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > MAX_CAR_BYTES) {
          zip.close();
          return fail(new Error(`archive is larger than ${MAX_CAR_BYTES} bytes uncompressed`));
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
