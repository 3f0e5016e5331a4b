// Packages the extension as out/conduit.vsix from a fresh clone: production bundles, then vsce, which
// writes into out/ but does not create it.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(root, 'out', 'conduit.vsix');
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

run([join(root, 'scripts', 'build.mjs'), '--production']);
mkdirSync(dirname(vsix), { recursive: true });
run([join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix]);
