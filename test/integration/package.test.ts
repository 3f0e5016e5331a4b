/**
 * `npm run package` on a clean checkout of the committed tree (no dist/, no out/, nothing left behind by
 * other steps) makes a VSIX that holds what the extension loads: the three bundles, the Try It page, the
 * grammar and icons, and the embedded store's LevelDB addon with a prebuilt binary for each platform the
 * README names. The addon is then loaded from the unpacked VSIX and a database written and read, so the
 * package is complete, not only listed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readZip } from '../../src/model/car-reader';
import { ROOT } from '../helpers/runtime-process';

/** The platforms whose LevelDB binary the VSIX carries (README: "Installing the extension"). */
const PREBUILDS = ['linux-x64', 'linux-arm64', 'darwin-x64+arm64', 'win32-x64'];

test('npm run package on a clean checkout makes a complete VSIX', { timeout: 5 * 60_000 }, async (t) => {
  if (!existsSync(join(ROOT, '.git'))) return t.skip('not a git checkout');
  const dir = mkdtempSync(join(tmpdir(), 'conduit-package-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clone = join(dir, 'conduit');
  execFileSync('git', ['clone', '-q', '--no-local', ROOT, clone]);
  for (const made of ['dist', 'out']) assert.equal(existsSync(join(clone, made)), false, `a clean checkout has no ${made}/`);
  // The installed packages are what `npm ci` would put there; hard links make the copy cheap.
  const copied = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);
  if (copied.status !== 0) execFileSync('cp', ['-r', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);

  const packaged = spawnSync('npm', ['run', 'package'], { cwd: clone, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `${packaged.stdout}\n${packaged.stderr}`);
  const vsix = join(clone, 'out', 'conduit.vsix');
  const entries = await readZip(vsix);
  const names = [...entries.keys()];

  for (const file of ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/try-it-webview.js', 'package.json', 'readme.md']) {
    assert.ok(entries.has(`extension/${file}`), `the VSIX holds ${file}`);
  }
  assert.ok(names.some((n) => /^extension\/media\/.+\.css$/.test(n)), 'the VSIX holds the Try It style');
  assert.ok(names.some((n) => /^extension\/media\/.+\.svg$/.test(n)), 'the VSIX holds the icons');
  assert.ok(names.some((n) => /^extension\/syntaxes\/.+\.json$/.test(n)), 'the VSIX holds the grammar');
  for (const platform of PREBUILDS) {
    assert.ok(
      names.some((n) => n.startsWith(`extension/node_modules/classic-level/prebuilds/${platform}/`) && n.endsWith('.node')),
      `the VSIX holds the LevelDB binary for ${platform}`,
    );
  }
  assert.ok(!names.some((n) => n.includes('/src/') && n.endsWith('.ts')), 'no TypeScript sources are shipped');

  // Load the addon from the unpacked VSIX alone and use it.
  const unpacked = join(dir, 'unpacked');
  for (const [name, data] of entries) {
    const target = join(unpacked, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  const script = `
    const { ClassicLevel } = require(${JSON.stringify(join(unpacked, 'extension', 'node_modules', 'classic-level'))});
    (async () => {
      const db = new ClassicLevel(${JSON.stringify(join(dir, 'db'))});
      await db.put('k', 'stored');
      process.stdout.write(await db.get('k'));
      await db.close();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const loaded = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
  assert.equal(loaded.status, 0, loaded.stderr);
  assert.equal(loaded.stdout, 'stored');
});
