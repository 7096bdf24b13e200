// Checks what each packed tarball holds before anyone installs it: the license, a README, a
// changelog, the built code, bins that exist, and the metadata the npm page shows. Prints each
// package's Node floor (the lowest version its `engines` range admits) as `name floor` lines.
// Usage: node check-tarballs.mjs <tarball folder> <repository root>
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, root] = process.argv.slice(2);
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
const tarballs = readdirSync(folder).filter((name) => name.endsWith('.tgz'));
assert.ok(tarballs.length >= 5, `expected the five packages, found ${tarballs.join(', ')}`);
const floors = new Map();
const bankkitDependencies = new Map();

for (const tarball of tarballs) {
  const path = join(folder, tarball);
  const entries = new Set(execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).trim().split('\n'));
  const read = (entry) => execFileSync('tar', ['-xzOf', path, entry], { encoding: 'utf8' });
  const manifest = JSON.parse(read('package/package.json'));
  const where = `${manifest.name} (${tarball})`;
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts']) {
    assert.ok(entries.has(`package/${file}`), `${where} lacks ${file}`);
  }
  assert.equal(read('package/LICENSE'), license, `${where}: LICENSE differs from the repository's`);
  const readme = read('package/README.md');
  assert.match(readme, /^# @bankkit\//, `${where}: README title`);
  assert.match(readme, /npm install (--global )?@bankkit\//, `${where}: README install line`);
  assert.match(readme, /```(ts|sh)\n/, `${where}: README example`);
  assert.match(readme, /\]\(https:\/\/[^)]+\/docs\//, `${where}: README link to the docs`);
  assert.ok(![...entries].some((entry) => entry.endsWith('.test.ts')), `${where} ships tests`);
  assert.equal(manifest.license, 'MIT');
  assert.match(manifest.repository?.url ?? '', /^git\+https:\/\//, `${where}: repository`);
  assert.ok(manifest.repository?.directory, `${where}: repository.directory`);
  assert.match(manifest.homepage ?? '', /^https:\/\//, `${where}: homepage`);
  assert.match(manifest.bugs?.url ?? '', /^https:\/\//, `${where}: bugs`);
  assert.ok(manifest.keywords?.length > 0, `${where}: keywords`);
  assert.equal(manifest.exports?.['./package.json'], './package.json', `${where}: ./package.json export`);
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (name.startsWith('@bankkit/'))
      assert.match(range, /^\^\d/, `${where}: ${name} is ${range}, not a caret range`);
  }
  for (const bin of Object.values(manifest.bin ?? {})) {
    assert.ok(entries.has(`package/${bin.replace(/^\.\//, '')}`), `${where}: bin ${bin} missing`);
  }
  const versions = (manifest.engines?.node ?? '').match(/\d+\.\d+\.\d+/g) ?? [];
  assert.ok(versions.length > 0, `${where}: engines.node must name full versions`);
  floors.set(manifest.name, versions.sort(compareVersions)[0]);
  bankkitDependencies.set(
    manifest.name,
    Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@bankkit/')),
  );
}

// A package's floor is never below its bankkit dependencies' floors: on its floor they install too.
for (const [name, dependencies] of bankkitDependencies) {
  for (const dependency of dependencies) {
    assert.ok(floors.has(dependency), `${name} depends on ${dependency}, which was not packed`);
    assert.ok(
      compareVersions(floors.get(dependency), floors.get(name)) <= 0,
      `${name} (Node ${floors.get(name)}) depends on ${dependency}, which needs Node ${floors.get(dependency)}`,
    );
  }
}
for (const [name, floor] of floors) console.log(`${name} ${floor}`);

function compareVersions(a, b) {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}
