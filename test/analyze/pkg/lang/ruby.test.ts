import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseGemfileLock, parseGemspec, rubyAnalyzer, wantsRuby } from '../../../../src/analyze/pkg/lang/ruby.js';
import { analyze, fileInfo, input, need } from './helpers.js';
import { rubyFixture } from './make-fixtures.js';

interface RefSpec {
  path: string;
  name: string;
  version: string;
  platform: string;
  licenses: string[];
  deps: string[];
}

describe('Ruby: installed gemspecs (reference: Gem::Specification.load)', () => {
  it('name, version, licenses, platform and runtime dependencies of every installed gemspec', async (t) => {
    const dir = need(t, rubyFixture());
    if (!dir) return;
    const ref = JSON.parse(readFileSync(join(dir, 'specs.json'), 'utf8')) as RefSpec[];
    assert.ok(ref.length > 20, `${ref.length} gemspecs`);
    for (const s of ref) {
      const path = s.path.slice(1);
      assert.equal(wantsRuby(path, fileInfo(path, 100)), true, path);
      const out = await analyze(rubyAnalyzer, input(path, readFileSync(s.path)));
      assert.equal(out.warnings, undefined, path);
      const pkg = out.packages![0];
      assert.equal(pkg.name, s.name, path);
      assert.equal(pkg.version, s.version, path);
      assert.deepEqual(pkg.licenses, s.licenses, path);
      assert.deepEqual([...(pkg.dependsOn ?? [])].sort(), [...new Set(s.deps)].sort(), path);
      assert.equal(pkg.metadata?.platform, s.platform === 'ruby' ? undefined : s.platform, path);
      assert.equal(pkg.purl, `pkg:gem/${s.name}@${s.version}`);
      assert.equal(pkg.metadata?.defaultGem, path.includes('/specifications/default/') ? true : undefined);
    }
  });

  it('native gem platform goes into the purl qualifier', async () => {
    // rubygems writes `s.platform` for platform gems; no such gem is packaged by Debian.
    const out = await analyze(rubyAnalyzer, input('var/lib/gems/3.1.0/specifications/nokogiri-1.15.0-x86_64-linux.gemspec', '# stub\nGem::Specification.new do |s|\n  s.name = "nokogiri".freeze\n  s.version = "1.15.0"\n  s.platform = "x86_64-linux".freeze\n  s.licenses = ["MIT".freeze]\nend\n'));
    assert.equal(out.packages?.[0].purl, 'pkg:gem/nokogiri@1.15.0?platform=x86_64-linux');
  });
});

describe('Ruby: Gemfile.lock written by bundle lock (reference: Bundler::LockfileParser)', () => {
  it('every locked spec with version, platform, dependencies', async (t) => {
    const dir = need(t, rubyFixture());
    if (!dir) return;
    const ref = JSON.parse(readFileSync(join(dir, 'lock.json'), 'utf8')) as RefSpec[];
    const text = readFileSync(join(dir, 'bundle/Gemfile.lock'), 'utf8');
    const gems = parseGemfileLock(text);
    assert.deepEqual(
      gems.map((g) => [g.name, g.version, g.platform ?? 'ruby', [...g.dependencies].sort()]).sort(),
      ref.map((s) => [s.name, s.version, s.platform, [...s.deps].sort()]).sort(),
    );
    assert.ok(gems.some((g) => g.dependencies.length > 0), 'typeprof depends on rbs');
    const out = await analyze(rubyAnalyzer, input('app/Gemfile.lock', text));
    assert.equal(out.packages?.length, ref.length);
    assert.ok(out.packages?.every((p) => p.foundBy === 'ruby-gemfile-lock' && p.type === 'gem'));
  });

  it('GIT/PATH sections and platform suffixes', () => {
    const gems = parseGemfileLock('GIT\n  remote: https://g/x.git\n  revision: abc\n  specs:\n    x (0.1.0)\n      rack (>= 2)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.15.0-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.7.1)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  nokogiri\n');
    assert.deepEqual(gems.map((g) => [g.name, g.version, g.platform, g.section, g.dependencies]), [
      ['x', '0.1.0', undefined, 'GIT', ['rack']],
      ['nokogiri', '1.15.0', 'x86_64-linux', 'GEM', ['racc']],
      ['racc', '1.7.1', undefined, 'GEM', []],
    ]);
  });

  it('odd input: warnings or nothing, never a throw', async () => {
    const out = await analyze(rubyAnalyzer, input('x/specifications/broken.gemspec', 'Gem::Specification.new do |s|\n  s.summary = "no name"\nend\n'));
    assert.equal(out.packages, undefined);
    assert.equal(out.warnings?.length, 1);
    const spec = parseGemspec('  s.name = %q{old-style}\n  s.version = "1.0"\n  s.add_development_dependency(%q<rspec>.freeze, [">= 0"])\n  s.add_dependency("json")\n');
    assert.deepEqual([spec.name, spec.version, spec.dependencies], ['old-style', '1.0', ['json']]);
    assert.deepEqual(await analyze(rubyAnalyzer, input('app/Gemfile.lock', '\u0000\u0001 binary')), {});
  });

  it('wants installed gemspecs and application lock files', () => {
    assert.equal(wantsRuby('usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec', fileInfo('', 10)), true);
    assert.equal(wantsRuby('usr/lib/ruby/gems/3.1.0/specifications/default/csv-3.2.2.gemspec', fileInfo('', 10)), true);
    assert.equal(wantsRuby('src/mygem/mygem.gemspec', fileInfo('', 10)), false);
    assert.equal(wantsRuby('app/Gemfile.lock', fileInfo('', 10)), true);
    assert.equal(wantsRuby('var/lib/gems/3.1.0/gems/rack-2.2.8/Gemfile.lock', fileInfo('', 10)), false);
  });
});
