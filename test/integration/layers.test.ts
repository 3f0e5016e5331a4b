/**
 * The layers' arrows (docs/architecture.md): the model imports nothing above it; the language server and
 * the extension use the model but never load the runtime (the extension spawns it); `vscode` belongs to
 * the extension and `vscode-languageserver` to the server. Every import in src/ is checked, tests included.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/runtime-process';

const SRC = join(ROOT, 'src');

/** The layers each layer may import (its own included). Folders of src/ not named here are their own layer. */
const ALLOWED: Record<string, readonly string[]> = {
  model: ['model'],
  runtime: ['runtime', 'model'],
  server: ['server', 'model'],
  extension: ['extension', 'model'],
  cli: ['cli', 'runtime', 'model'],
};

/** Packages only one layer may load. */
const OWNED_PACKAGES: Record<string, string> = {
  vscode: 'extension',
  'vscode-languageclient': 'extension',
  'vscode-languageserver': 'server',
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const layerOf = (file: string) => relative(SRC, file).split(sep)[0];

/** Every import in src/ that goes against the arrows, as `file: specifier (why)`. */
function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = layerOf(file);
    const allowed = ALLOWED[layer] ?? [layer];
    for (const spec of importsOf(file)) {
      const where = `${relative(ROOT, file)}: ${spec}`;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC + sep)) continue; // test helpers and fixtures
        const to = layerOf(target);
        if (!allowed.includes(to)) found.push(`${where} (${layer} may not import ${to})`);
      } else {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        const owner = OWNED_PACKAGES[pkg];
        if (owner && owner !== layer) found.push(`${where} (only ${owner} loads ${pkg})`);
      }
    }
  }
  return found;
}

test('no import in src/ goes against the layers', () => {
  assert.deepEqual(violations(), []);
});
