/**
 * Reading one artifact file into the model, and writing it back. The typed views (apiView, ...) and
 * references() live beside this file and are re-exported here, so callers import from one place.
 */
import { basename } from 'node:path';
import { problem, type Problem } from './errors';
import { kindForElement } from './kinds';
import type { Artifact } from './types';
import { attrNode, parseXml, SYNAPSE_NS, writeXml, type Range } from './xml';

export * from './views';
export * from './references';

/**
 * Parses an artifact file. Never throws: a file that is not well-formed XML, or whose root is not a
 * Synapse artifact, yields problems and no artifact. An artifact outside the Synapse namespace is
 * still returned, with a warning, because MI's tooling writes the namespace but hand-written files
 * often omit it. A nameless artifact is returned with an error so editors can still work on it.
 */
export function readArtifact(file: string, text: string): { artifact?: Artifact; problems: Problem[] } {
  const problems: Problem[] = [];
  const doc = parseXml(text);
  for (const e of doc.errors) {
    problems.push(problem('CONDUIT_XML_MALFORMED', `${basename(file)} is not well-formed XML: ${e.message}`, { file, range: e.range }));
  }
  const root = doc.root;
  if (!root || doc.errors.length > 0) return { problems };

  const kind = kindForElement(root.local);
  if (!kind) {
    problems.push(
      problem('CONDUIT_ARTIFACT_UNKNOWN', `<${root.name}> is not a Synapse artifact (expected api, endpoint, sequence, messageStore, messageProcessor, localEntry, proxy, template, inboundEndpoint or task)`, {
        file,
        range: root.nameRange,
      }),
    );
    return { problems };
  }
  if (root.ns !== SYNAPSE_NS) {
    problems.push(
      problem(
        'CONDUIT_XML_NAMESPACE',
        root.ns ? `<${root.local}> is in namespace ${root.ns}, not ${SYNAPSE_NS}` : `<${root.local}> has no namespace; add xmlns="${SYNAPSE_NS}"`,
        { file, range: root.nameRange },
        'warning',
      ),
    );
  }
  const nameAttr = attrNode(root, kind === 'localEntry' ? 'key' : 'name');
  let nameRange: Range = root.nameRange;
  if (!nameAttr || nameAttr.value.trim() === '') {
    problems.push(problem('CONDUIT_ARTIFACT_INVALID', `<${root.local}> needs a ${kind === 'localEntry' ? 'key' : 'name'} attribute`, { file, range: root.nameRange }));
  } else nameRange = nameAttr.valueRange;
  const artifact: Artifact = { kind, name: nameAttr?.value.trim() ?? '', file, doc, element: root, nameRange };
  return { artifact, problems };
}

/** Serializes an artifact's element tree (edits made to the tree are kept; formatting is normalized). */
export function writeArtifact(artifact: Artifact): string {
  return writeXml(artifact.element);
}
