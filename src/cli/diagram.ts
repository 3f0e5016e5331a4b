/** `conduit diagram <artifact.xml> [--resource <uri-template>] --out <file.svg>`: the flow picture as SVG. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DiagramError, renderDiagram } from '../model/diagram/render';

export const DIAGRAM_USAGE = '  conduit diagram <artifact.xml> [--resource <uri-template>] --out <file.svg>';

/** Returns the exit code; a usage problem is thrown as `usage(message)` builds it. */
export async function diagramCommand(args: string[], usage: (message: string) => never): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { resource: { type: 'string' }, out: { type: 'string' } } });
  if (positionals.length !== 1) usage('diagram needs exactly one artifact file');
  if (!values.out) usage('diagram needs --out <file.svg>');
  const file = positionals[0];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`conduit: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const { svg, layout } = await renderDiagram(text, { resource: values.resource });
    // Written beside and renamed in, so a reader never sees half a picture and a failure keeps the old one.
    const temp = `${values.out}.${process.pid}.tmp`;
    await writeFile(temp, svg);
    await rename(temp, values.out);
    const steps = layout.nodes.filter((n) => n.shape === 'step').length;
    process.stdout.write(`${values.out} (${layout.flows.length} ${layout.flows.length === 1 ? 'flow' : 'flows'}, ${steps} mediators)\n`);
    return 0;
  } catch (err) {
    if (err instanceof DiagramError) {
      process.stderr.write(`conduit: ${file}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
