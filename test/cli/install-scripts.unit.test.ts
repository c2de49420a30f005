// The install-script policy: every package in the lock file that has an install script is decided in
// package.json "allowScripts" (true only where the script is needed), so `npm ci` never warns that a script
// is not covered, and a new dependency with a script fails here until someone decides it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(`${root}/package-lock.json`, 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

/** `node_modules/a/node_modules/@b/c` → `@b/c`. */
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

const withScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript === true)
      .map(([path]) => nameOf(path)),
  ),
].sort();

describe('allowScripts', () => {
  it('finds the packages with install scripts in the lock file', () => {
    // The lock file has some today; if this fails the lock file's format changed and the test below is empty.
    assert.ok(withScripts.includes('better-sqlite3'), withScripts.join(', '));
  });

  it('decides every package with an install script in the lock file', () => {
    const allow = pkg.allowScripts ?? {};
    const undecided = withScripts.filter((n) => typeof allow[n] !== 'boolean');
    assert.deepEqual(undecided, [], `add these to package.json "allowScripts": ${undecided.join(', ')}`);
  });

  it('lists no package that has no install script (stale entries)', () => {
    const stale = Object.keys(pkg.allowScripts ?? {}).filter((n) => !withScripts.includes(n));
    assert.deepEqual(stale, []);
  });

  it('runs only the scripts that are needed', () => {
    // better-sqlite3 builds (or downloads) its native addon; the others are declined on purpose:
    // esbuild (tsx's optional binary check) and usearch (a source build when no prebuilt fits) ship prebuilt
    // binaries, @google/genai's preinstall is `echo 'preinstall: no-op'`, protobufjs's postinstall only
    // warns when a dependent pins it with a different version scheme.
    const allowed = Object.entries(pkg.allowScripts ?? {})
      .filter(([, v]) => v)
      .map(([k]) => k);
    assert.deepEqual(allowed, ['better-sqlite3']);
  });
});
