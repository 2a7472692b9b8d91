import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dedupeLanguagePackages } from '../../../../src/analyze/pkg/lang/dedupe.js';
import { parseComposer, phpAnalyzer, wantsPhp } from '../../../../src/analyze/pkg/lang/php.js';
import { analyze, fileInfo, ids, input, need } from './helpers.js';
import { phpFixture } from './make-fixtures.js';

function shown(dir: string): string[] {
  const ref = JSON.parse(readFileSync(join(dir, 'show.json'), 'utf8')) as { installed: Array<{ name: string; version: string }> };
  return ids(ref.installed);
}

describe('PHP: files written by composer install (reference: composer show --format=json)', () => {
  it('vendor/composer/installed.json (Composer 2 shape): every installed package, dev flagged', async (t) => {
    const dir = need(t, phpFixture());
    if (!dir) return;
    const text = readFileSync(join(dir, 'app/vendor/composer/installed.json'), 'utf8');
    const out = await analyze(phpAnalyzer, input('srv/app/vendor/composer/installed.json', text));
    assert.equal(out.warnings, undefined);
    const pkgs = out.packages ?? [];
    assert.deepEqual(ids(pkgs), shown(dir));
    const log = pkgs.find((p) => p.name === 'psr/log')!;
    assert.equal(log.purl, `pkg:composer/psr/log@${log.version}`);
    assert.deepEqual(log.licenses, ['MIT']);
    assert.equal(log.foundBy, 'php-composer-installed');
    assert.deepEqual(log.dependsOn, undefined, 'php platform requirement is not a package');
    assert.equal(pkgs.find((p) => p.name === 'seld/jsonlint')?.metadata?.dev, true);
    assert.equal(log.metadata?.dev, false);
  });

  it('Composer 1 shape (a bare array; derived from the Composer 2 file, whose entries are the same)', (t) => {
    const dir = need(t, phpFixture());
    if (!dir) return;
    const v2 = JSON.parse(readFileSync(join(dir, 'app/vendor/composer/installed.json'), 'utf8')) as { packages: unknown[] };
    const parsed = parseComposer(JSON.stringify(v2.packages), 'installed');
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual(ids(parsed.entries), shown(dir));
  });

  it('composer.lock: packages and packages-dev', async (t) => {
    const dir = need(t, phpFixture());
    if (!dir) return;
    const out = await analyze(phpAnalyzer, input('srv/app/composer.lock', readFileSync(join(dir, 'app/composer.lock'))));
    const pkgs = out.packages ?? [];
    assert.deepEqual(ids(pkgs), shown(dir));
    assert.deepEqual(pkgs.filter((p) => p.metadata?.dev === true).map((p) => p.name), ['seld/jsonlint']);
    assert.ok(pkgs.every((p) => p.foundBy === 'php-composer-lock'));
  });

  it('lock + installed of one project are deduped, installed wins', async (t) => {
    const dir = need(t, phpFixture());
    if (!dir) return;
    const a = await analyze(phpAnalyzer, input('srv/app/composer.lock', readFileSync(join(dir, 'app/composer.lock'))));
    const b = await analyze(phpAnalyzer, input('srv/app/vendor/composer/installed.json', readFileSync(join(dir, 'app/vendor/composer/installed.json'))));
    const merged = dedupeLanguagePackages([...(a.packages ?? []), ...(b.packages ?? [])]);
    assert.deepEqual(ids(merged), shown(dir));
    assert.equal(merged.length, shown(dir).length);
    assert.ok(merged.every((p) => p.foundBy === 'php-composer-installed' && p.locations.length === 2));
    // A lock elsewhere is another project: not merged.
    const other = await analyze(phpAnalyzer, input('srv/other/composer.lock', readFileSync(join(dir, 'app/composer.lock'))));
    assert.equal(dedupeLanguagePackages([...merged, ...(other.packages ?? [])]).length, merged.length * 2);
  });

  it('malformed files warn', async () => {
    for (const [path, text] of [
      ['vendor/composer/installed.json', '{"packages": {"not": "an array"}}'],
      ['vendor/composer/installed.json', '{oops'],
      ['composer.lock', '"a string"'],
    ]) {
      const out = await analyze(phpAnalyzer, input(path, text));
      assert.equal(out.packages, undefined, text);
      assert.equal(out.warnings?.length, 1, text);
    }
  });

  it('wants', () => {
    assert.equal(wantsPhp('vendor/composer/installed.json', fileInfo('', 10)), true);
    assert.equal(wantsPhp('var/www/vendor/composer/installed.json', fileInfo('', 10)), true);
    assert.equal(wantsPhp('var/www/composer.lock', fileInfo('', 10)), true);
    assert.equal(wantsPhp('var/www/vendor/psr/log/composer.lock', fileInfo('', 10)), false);
    assert.equal(wantsPhp('var/www/installed.json', fileInfo('', 10)), false);
  });
});
