// Bundles the three programs Conduit ships: the VS Code extension, the language server and the CLI
// (which hosts the runtime). classic-level is a native addon and stays outside the bundles; so does
// xslt-processor, which the runtime's sandbox process loads from its file, and so do esbuild (a native
// binary; the extension ships esbuild-wasm instead) and typescript, which only a project with a TypeScript
// data mapping loads.
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode', 'classic-level', 'xslt-processor', 'esbuild', 'esbuild-wasm', 'typescript'],
};

const entries = [
  // The first line stamps the time, so the extension can report how long loading its code took.
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', banner: 'var __conduitBundleStart = performance.now();' },
  { in: 'src/server/main.ts', out: 'dist/server.js' },
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'samples/hospital-service/main.ts', out: 'dist/hospital-service.js' },
  // The Try It panel's page runs in the webview, not in Node.
  { in: 'src/extension/try-it/webview/main.ts', out: 'dist/try-it-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { in: 'src/extension/diagram/webview/main.ts', out: 'dist/diagram-webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

const results = await Promise.all(
  entries
    .filter((e) => existsSync(join(root, e.in)))
    .map((e) =>
      build({
        ...common,
        entryPoints: [join(root, e.in)],
        outfile: join(root, e.out),
        banner: e.banner ? { js: e.banner } : undefined,
        ...(e.platform ? { platform: e.platform, format: e.format, target: e.target } : {}),
        write: false,
      }),
    ),
);
// Each file is written beside its place and renamed into it: `npm run package` rebuilds dist/ while other
// tests may be starting dist/cli.js, which must never be read half written.
for (const file of results.flatMap((r) => r.outputFiles)) {
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
