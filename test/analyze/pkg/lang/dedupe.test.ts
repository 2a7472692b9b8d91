import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupeLanguagePackages, projectRoot } from '../../../../src/analyze/pkg/lang/dedupe.js';
import type { Package } from '../../../../src/sbom/package.js';

const L0 = { index: 0, diffID: 'sha256:a' };
const L1 = { index: 1, diffID: 'sha256:b' };

function pkg(foundBy: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: 'npm', name: 'x', version: '1.0.0', purl: 'pkg:npm/x@1.0.0', licenses: [], locations: [{ path, layer: L0 }], foundBy, ...extra };
}

describe('dedupe of language packages', () => {
  it('project roots', () => {
    assert.equal(projectRoot(pkg('npm-package-json', 'srv/app/node_modules/a/node_modules/x/package.json')), 'srv/app');
    assert.equal(projectRoot(pkg('npm-package-json', 'node_modules/x/package.json')), '');
    assert.equal(projectRoot(pkg('yarn-lock', 'srv/app/yarn.lock')), 'srv/app');
    assert.equal(projectRoot(pkg('php-composer-installed', 'var/www/vendor/composer/installed.json')), 'var/www');
    assert.equal(projectRoot(pkg('php-composer-installed', 'vendor/composer/installed.json')), '');
    assert.equal(projectRoot(pkg('go-binary', 'usr/bin/x')), undefined);
  });

  it('installed wins whatever the order; lock metadata and licenses fill gaps', () => {
    const lock = pkg('npm-package-lock', 'srv/app/package-lock.json', { licenses: ['MIT'], metadata: { dev: true, integrity: 'sha512-x' }, dependsOn: ['a'] });
    const inst = pkg('npm-package-json', 'srv/app/node_modules/x/package.json', { locations: [{ path: 'srv/app/node_modules/x/package.json', layer: L1 }], metadata: { integrity: 'sha1-y' }, dependsOn: ['b'] });
    for (const order of [[lock, inst], [inst, lock]]) {
      const [m, ...rest] = dedupeLanguagePackages(order);
      assert.equal(rest.length, 0);
      assert.equal(m.foundBy, 'npm-package-json');
      assert.deepEqual(m.locations, [{ path: 'srv/app/node_modules/x/package.json', layer: L1 }, { path: 'srv/app/package-lock.json', layer: L0 }]);
      assert.deepEqual(m.licenses, ['MIT']);
      assert.deepEqual(m.metadata, { dev: true, integrity: 'sha1-y', alsoFoundBy: ['npm-package-lock'] });
      assert.deepEqual(m.dependsOn?.sort(), ['a', 'b']);
    }
  });

  it('different projects, versions or ecosystems stay apart; other catalogers pass through untouched', () => {
    const a = pkg('npm-package-lock', 'srv/a/package-lock.json');
    const b = pkg('npm-package-lock', 'srv/b/package-lock.json');
    const v2 = pkg('npm-package-lock', 'srv/a/package-lock.json', { version: '2.0.0' });
    const go1 = { ...pkg('go-binary', 'usr/bin/x'), type: 'golang' as const };
    const go2 = { ...pkg('go-binary', 'usr/bin/x'), type: 'golang' as const };
    assert.equal(dedupeLanguagePackages([a, b, v2, go1, go2]).length, 5);
  });

  it('two lock files of one project: one package, both locations, no self-reference', () => {
    const m = dedupeLanguagePackages([pkg('yarn-lock', 'app/yarn.lock'), pkg('npm-package-lock', 'app/package-lock.json'), pkg('yarn-lock', 'app/yarn.lock')]);
    assert.equal(m.length, 1);
    assert.deepEqual(m[0].locations.map((l) => l.path), ['app/yarn.lock', 'app/package-lock.json']);
    assert.deepEqual(m[0].metadata?.alsoFoundBy, ['npm-package-lock']);
  });
});
