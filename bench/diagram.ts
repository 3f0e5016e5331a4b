/**
 * How long the diagram takes to draw a 300-mediator sequence (flows, ELK layout and SVG: what the editor
 * does after each pause in typing and `conduit diagram` does once), against parsing the same text, which
 * the language server does on every edit anyway; alternating, after warm-ups, in one process.
 * Goal: median under one second (the "well under a second").
 *
 *   node --import tsx bench/diagram.ts [--rounds 15]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { renderDiagram } from '../src/model/diagram/render';
import { parseXml } from '../src/model/xml';
import { report, runIfMain, summarize } from './lib';

/** 300 mediators: logs and properties, a filter with a branch each side every 30. */
export function largeSequence(count = 300): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 30 === 10) lines.push(`  <filter xpath="$ctx:step = ${i}"><then><log level="custom"><property name="step" value="${i}"/></log></then><else><property name="skipped" value="${i}"/></else></filter>`);
    else if (i % 3 === 0) lines.push(`  <log level="custom"><property name="step" value="${i}"/></log>`);
    else lines.push(`  <property name="p${i}" value="${i}"/>`);
  }
  return `<sequence xmlns="http://ws.apache.org/ns/synapse" name="Large">\n${lines.join('\n')}\n</sequence>\n`;
}

async function main(): Promise<boolean> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
  const rounds = Number(values.rounds);
  const text = largeSequence();
  const render: number[] = [];
  const parse: number[] = [];
  for (let i = 0; i < 3; i++) await renderDiagram(text);
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const { layout } = await renderDiagram(text);
    render.push(performance.now() - t);
    if (layout.nodes.filter((n) => n.shape === 'step').length !== 320) throw new Error('the picture lost mediators');
    t = performance.now();
    for (let k = 0; k < 10; k++) parseXml(text);
    parse.push((performance.now() - t) / 10);
  }
  const r = summarize(render, 'ms');
  return report({
    name: 'diagram',
    series: { render: r, parse: summarize(parse, 'ms') },
    targets: [{ what: 'render median (ms)', value: r.median, target: 1000, better: 'lower', met: r.median < 1000 }],
    meta: { rounds, mediators: 300, steps: 320, renderOverParse: r.median / summarize(parse, 'ms').median },
  });
}

runIfMain(module, main);
