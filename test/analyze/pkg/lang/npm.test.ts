import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dedupeLanguagePackages } from '../../../../src/analyze/pkg/lang/dedupe.js';
import { npmAnalyzer, wantsNpm } from '../../../../src/analyze/pkg/lang/npm.js';
import { isInstalledPackageJson } from '../../../../src/analyze/pkg/lang/npm-package-json.js';
import { parseNpmLock } from '../../../../src/analyze/pkg/lang/npm-lock.js';
import { parsePnpmKey } from '../../../../src/analyze/pkg/lang/pnpm-lock.js';
import { descriptorName, parseYarnLock } from '../../../../src/analyze/pkg/lang/yarn-lock.js';
import type { Package } from '../../../../src/sbom/package.js';
import { analyze, fileInfo, ids, input, need, walkAnalyze } from './helpers.js';
import { npmFixture, pnpmFixture, yarnBerryFixture, yarnClassicFixture } from './make-fixtures.js';

interface LsNode {
  version?: string;
  dependencies?: Record<string, LsNode>;
  devDependencies?: Record<string, LsNode>;
}

/** name@version of every node of an `npm ls --all --json` / `pnpm list --json` tree. */
function flattenLs(node: LsNode, acc = new Set<string>()): Set<string> {
  for (const deps of [node.dependencies, node.devDependencies]) {
    for (const [name, child] of Object.entries(deps ?? {})) {
      if (child.version) acc.add(`${name}@${child.version}`);
      flattenLs(child, acc);
    }
  }
  return acc;
}

function readLs(path: string): string[] {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as LsNode | LsNode[];
  const acc = new Set<string>();
  for (const root of Array.isArray(doc) ? doc : [doc]) flattenLs(root, acc);
  return [...acc].sort();
}

const byFinder = (pkgs: Package[], foundBy: string) => pkgs.filter((p) => p.foundBy === foundBy);

describe('npm: wants', () => {
  it('selects package roots in node_modules, not sub-directory or fixture package.json', () => {
    assert.equal(isInstalledPackageJson('app/node_modules/lodash/package.json'), true);
    assert.equal(isInstalledPackageJson('node_modules/@types/node/package.json'), true);
    assert.equal(isInstalledPackageJson('a/node_modules/x/node_modules/@s/y/package.json'), true);
    assert.equal(isInstalledPackageJson('usr/lib/node_modules/npm/node_modules/test/package.json'), true, 'a package named test');
    assert.equal(isInstalledPackageJson('app/node_modules/x/lib/package.json'), false);
    assert.equal(isInstalledPackageJson('app/node_modules/@s/x/esm/package.json'), false);
    assert.equal(isInstalledPackageJson('app/node_modules/resolve/test/resolver/node_modules/y/package.json'), false);
    assert.equal(isInstalledPackageJson('app/package.json'), false);
    assert.equal(isInstalledPackageJson('app/node_modules/.bin/package.json'), false);
  });

  it('selects lock files outside node_modules only, regular files only', () => {
    assert.equal(wantsNpm('srv/app/package-lock.json', fileInfo('', 10)), true);
    assert.equal(wantsNpm('yarn.lock', fileInfo('', 10)), true);
    assert.equal(wantsNpm('srv/pnpm-lock.yaml', fileInfo('', 10)), true);
    assert.equal(wantsNpm('srv/app/node_modules/x/package-lock.json', fileInfo('', 10)), false);
    assert.equal(wantsNpm('srv/app/node_modules/.package-lock.json', fileInfo('', 10)), false);
    assert.equal(wantsNpm('srv/app/package-lock.json', fileInfo('', 10, 0o777, 'symlink')), false);
  });
});

describe('npm: real tree installed by npm (reference: npm ls --all --json)', () => {
  it('finds every installed package, with the versions npm reports', async (t) => {
    const dir = need(t, npmFixture());
    if (!dir) return;
    const { packages, warnings } = await walkAnalyze(npmAnalyzer, join(dir, 'app'), 'srv/app');
    assert.deepEqual(warnings, []);
    const installed = byFinder(packages, 'npm-package-json');
    const expected = readLs(join(dir, 'npm-ls.json'));
    assert.ok(expected.length > 40, `reference has ${expected.length} packages`);
    assert.deepEqual(ids(installed), expected);

    const lodash = installed.find((p) => p.name === 'lodash')!;
    assert.equal(lodash.version, '4.17.15');
    assert.equal(lodash.purl, 'pkg:npm/lodash@4.17.15');
    assert.deepEqual(lodash.licenses, ['MIT']);
    assert.deepEqual(lodash.locations, [{ path: 'srv/app/node_modules/lodash/package.json', layer: lodash.locations[0].layer }]);
    const types = installed.find((p) => p.name === '@types/node')!;
    assert.match(types.purl, /^pkg:npm\/%40types\/node@\d+\.\d+\.\d+$/);
    const express = installed.find((p) => p.name === 'express')!;
    assert.equal(express.version, '4.16.0');
    assert.ok(express.dependsOn?.includes('body-parser'));
  });

  it('reads package-lock.json v3 written by npm: same packages, dev flag as npm --omit=dev says', async (t) => {
    const dir = need(t, npmFixture());
    if (!dir) return;
    const out = await analyze(npmAnalyzer, input('srv/app/package-lock.json', readFileSync(join(dir, 'app/package-lock.json'))));
    const pkgs = out.packages ?? [];
    assert.deepEqual(ids(pkgs), readLs(join(dir, 'npm-ls.json')));
    const prod = new Set(readLs(join(dir, 'npm-ls-prod.json')));
    for (const p of pkgs) {
      assert.equal(p.foundBy, 'npm-package-lock');
      assert.equal(p.metadata?.lockfileVersion, 3);
      assert.equal(p.metadata?.dev, !prod.has(`${p.name}@${p.version}`), `${p.name} dev flag`);
    }
    assert.equal(pkgs.find((p) => p.name === 'is-number')?.metadata?.dev, true);
    assert.deepEqual(pkgs.find((p) => p.name === 'lodash')?.licenses, ['MIT'], 'v3 entries carry license');
  });

  for (const v of [1, 2]) {
    it(`reads package-lock.json v${v} rewritten by npm from the same resolution`, async (t) => {
      const dir = need(t, npmFixture());
      if (!dir) return;
      const text = readFileSync(join(dir, `lock-v${v}/package-lock.json`), 'utf8');
      assert.equal((JSON.parse(text) as { lockfileVersion: number }).lockfileVersion, v);
      const lock = parseNpmLock(text);
      assert.deepEqual(lock.warnings, []);
      assert.deepEqual(ids(lock.entries), readLs(join(dir, 'npm-ls.json')));
      assert.equal(lock.entries.find((e) => e.name === 'is-number')?.dev, true);
      assert.equal(lock.entries.find((e) => e.name === 'express')?.dev, false);
    });
  }

  it('dedupes lock + node_modules of one project: installed record wins, lock location appended', async (t) => {
    const dir = need(t, npmFixture());
    if (!dir) return;
    const { packages } = await walkAnalyze(npmAnalyzer, join(dir, 'app'), 'srv/app');
    assert.ok(byFinder(packages, 'npm-package-lock').length > 0);
    const merged = dedupeLanguagePackages(packages);
    assert.deepEqual(ids(merged), readLs(join(dir, 'npm-ls.json')));
    assert.equal(merged.length, ids(merged).length, 'one package per name@version');
    const isNumber = merged.find((p) => p.name === 'is-number')!;
    assert.equal(isNumber.foundBy, 'npm-package-json');
    assert.deepEqual(isNumber.locations.map((l) => l.path), ['srv/app/node_modules/is-number/package.json', 'srv/app/package-lock.json']);
    assert.equal(isNumber.metadata?.dev, true, 'lock metadata fills in');
    assert.deepEqual(isNumber.metadata?.alsoFoundBy, ['npm-package-lock']);
  });
});

describe('yarn.lock written by yarn (reference: npm ls of the tree yarn installed)', () => {
  it('classic v1 format', async (t) => {
    const dir = need(t, yarnClassicFixture());
    if (!dir) return;
    const text = readFileSync(join(dir, 'app/yarn.lock'), 'utf8');
    assert.match(text, /# yarn lockfile v1/);
    const out = await analyze(npmAnalyzer, input('app/yarn.lock', text));
    assert.equal(out.warnings, undefined);
    const pkgs = out.packages ?? [];
    assert.deepEqual(ids(pkgs), readLs(join(dir, 'npm-ls.json')));
    assert.equal(pkgs.length, ids(pkgs).length);
    const express = pkgs.find((p) => p.name === 'express')!;
    assert.equal(express.foundBy, 'yarn-lock');
    assert.match(String(express.metadata?.resolved), /express-4\.16\.0\.tgz/);
    assert.ok(express.dependsOn?.includes('accepts'));
    assert.match(pkgs.find((p) => p.name === '@types/node')!.purl, /^pkg:npm\/%40types\/node@/);
  });

  it('berry format, without the workspace itself', async (t) => {
    const dir = need(t, yarnBerryFixture());
    if (!dir) return;
    const text = readFileSync(join(dir, 'app/yarn.lock'), 'utf8');
    assert.match(text, /^__metadata:/m);
    const lock = parseYarnLock(text);
    assert.deepEqual(lock.warnings, []);
    assert.ok(lock.entries.every((e) => e.format === 'berry'));
    assert.equal(lock.entries.find((e) => e.name === 'app'), undefined, 'workspace entry skipped');
    assert.deepEqual(ids(lock.entries), readLs(join(dir, 'npm-ls.json')));
  });

  it('descriptor names, including scopes and npm: aliases', () => {
    assert.equal(descriptorName('@babel/core@^7.0.0'), '@babel/core');
    assert.equal(descriptorName('lodash@npm:4.17.21'), 'lodash');
    assert.equal(descriptorName('lodash@npm:^4.17.0'), 'lodash');
    assert.equal(descriptorName('my-lodash@npm:lodash@^4'), 'lodash');
    assert.equal(descriptorName('nodash'), undefined);
  });
});

describe('pnpm-lock.yaml written by pnpm (reference: pnpm list --depth Infinity --json)', () => {
  for (const [major, format] of [[7, '5.4'], [8, '6.0'], [9, '9.0']] as const) {
    it(`pnpm ${major} (lockfile ${format})`, async (t) => {
      const dir = need(t, pnpmFixture(major));
      if (!dir) return;
      const text = readFileSync(join(dir, 'app/pnpm-lock.yaml'), 'utf8');
      const out = await analyze(npmAnalyzer, input('app/pnpm-lock.yaml', text));
      assert.equal(out.warnings, undefined);
      const pkgs = out.packages ?? [];
      assert.equal(pkgs[0]?.metadata?.lockfileVersion, format);
      assert.deepEqual(ids(pkgs), readLs(join(dir, 'pnpm-list.json')));
      const express = pkgs.find((p) => p.name === 'express')!;
      assert.ok(express.dependsOn?.includes('accepts'), 'dependencies (from snapshots in 9.0)');
      const dev = pkgs.find((p) => p.name === 'is-number')?.metadata?.dev;
      assert.equal(dev, major === 9 ? undefined : true, 'dev known before lockfile 9');
    });
  }

  it('package keys of each lockfile generation', () => {
    assert.deepEqual(parsePnpmKey('/@types/node/20.1.0', 5), { name: '@types/node', version: '20.1.0' });
    assert.deepEqual(parsePnpmKey('/react-dom/18.2.0_react@18.2.0', 5), { name: 'react-dom', version: '18.2.0' });
    assert.deepEqual(parsePnpmKey('registry.example.com/lodash/4.17.21', 5), { name: 'lodash', version: '4.17.21' });
    assert.deepEqual(parsePnpmKey('/react-dom@18.2.0(react@18.2.0)', 6), { name: 'react-dom', version: '18.2.0' });
    assert.deepEqual(parsePnpmKey('@s/a@1.0.0', 9), { name: '@s/a', version: '1.0.0' });
    assert.equal(parsePnpmKey('/weird', 6), undefined);
  });
});

describe('npm: malformed input gives warnings, never throws', () => {
  const cases: Array<[string, string]> = [
    ['app/node_modules/x/package.json', '{"name": "x", "version": '],
    ['app/node_modules/x/package.json', '[1, 2]'],
    ['app/package-lock.json', 'not json'],
    ['app/package-lock.json', '{"hello": "world"}'],
    ['app/pnpm-lock.yaml', 'packages: [unclosed'],
    ['app/pnpm-lock.yaml', 'just a string'],
    ['app/yarn.lock', '__metadata:\n  version: 6\n "bad indent'],
    ['app/yarn.lock', 'garbage line without colon\n  version "1"\n'],
  ];
  for (const [path, text] of cases) {
    it(`${path}: ${JSON.stringify(text.slice(0, 30))}`, async () => {
      const out = await analyze(npmAnalyzer, input(path, text));
      assert.equal(out.packages, undefined);
      assert.ok((out.warnings ?? []).length > 0, 'a warning explains the skip');
      assert.ok(out.warnings!.every((w) => w.startsWith(`${path}: `)));
    });
  }

  it('a package.json without version is skipped quietly; licenses in every historic shape are read', async () => {
    assert.deepEqual(await analyze(npmAnalyzer, input('n/node_modules/x/package.json', '{"name":"x"}')), {});
    const out = await analyze(
      npmAnalyzer,
      input('n/node_modules/x/package.json', JSON.stringify({ name: 'x', version: '1.0.0', license: { type: 'BSD-3-Clause' }, licenses: [{ type: 'MIT' }, 'ISC'], _resolved: 'https://r/x.tgz', _integrity: 'sha1-abc' })),
    );
    assert.deepEqual(out.packages?.[0].licenses, ['BSD-3-Clause', 'MIT', 'ISC']);
    assert.equal(out.packages?.[0].metadata?.resolved, 'https://r/x.tgz');
    assert.equal(out.packages?.[0].metadata?.integrity, 'sha1-abc');
  });

  it('a truncated read is reported, not parsed', async () => {
    const out = await analyze(npmAnalyzer, input('app/package-lock.json', '{"lockfileVersion": 3', { truncated: true }));
    assert.equal(out.packages, undefined);
    assert.match(out.warnings![0], /read limit/);
  });
});
