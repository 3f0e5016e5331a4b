/**
 * The diagram renderer shared by `conduit diagram` and the editor's diagram view: artifact text in,
 * laid-out picture and its SVG out. Pure: it reads nothing but its arguments.
 */
import { parseXml } from '../xml';
import { flowsOf, type Flow } from './flow';
import { layoutFlows, type DiagramLayout } from './layout';
import { diagramSvg } from './svg';

export interface DiagramOptions {
  /** Draw only the API resource with this uri-template (or url-mapping). */
  resource?: string;
}

export interface Diagram {
  flows: Flow[];
  layout: DiagramLayout;
  svg: string;
}

export class DiagramError extends Error {}

/** Renders an artifact's text. Throws DiagramError with a reason when there is nothing to draw. */
export async function renderDiagram(text: string, options: DiagramOptions = {}): Promise<Diagram> {
  const doc = parseXml(text);
  if (!doc.root || doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new DiagramError(e ? `not well-formed XML at ${e.range.start.line + 1}:${e.range.start.column + 1}: ${e.message}` : 'the file holds no XML element');
  }
  let flows = flowsOf(doc.root);
  if (flows.length === 0) {
    throw new DiagramError(`<${doc.root.local}> has no flow to draw: diagrams are drawn for API resources, sequences, proxy services and sequence templates`);
  }
  if (options.resource !== undefined) {
    const wanted = options.resource;
    const matching = flows.filter((f) => f.kind === 'resource' && f.title.slice(f.title.indexOf(' ') + 1) === wanted);
    if (matching.length === 0) {
      const known = flows.filter((f) => f.kind === 'resource').map((f) => f.title.slice(f.title.indexOf(' ') + 1));
      throw new DiagramError(`no resource with uri-template ${wanted}${known.length ? ` (resources: ${known.join(', ')})` : ''}`);
    }
    flows = matching;
  }
  const layout = await layoutFlows(flows);
  return { flows, layout, svg: diagramSvg(layout) };
}
