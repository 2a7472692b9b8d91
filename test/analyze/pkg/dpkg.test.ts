import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AnalyzerInput, AnalyzerOutput } from '../../../src/analyze/analyzer.js';
import type { FileInfo, LayerRef } from '../../../src/image/fs-types.js';
import {
  dpkgCopyrightAnalyzer,
  dpkgFilesAnalyzer,
  dpkgStatusAnalyzer,
  leafPaths,
  mergeDpkgExtras,
  parseCopyright,
  parseDependencyGroups,
  parseDpkgStatus,
  parseSourceField,
} from '../../../src/analyze/pkg/dpkg.js';
import { finalizeOsPackages } from '../../../src/analyze/os/finalize.js';
import type { Package } from '../../../src/sbom/package.js';

const layer: LayerRef = { index: 0, diffID: 'sha256:' + '1'.repeat(64) };
const HAVE_DPKG = existsSync('/var/lib/dpkg/status') && existsSync('/usr/bin/dpkg-query');
const skip = !HAVE_DPKG && 'this machine has no dpkg database';

function input(path: string, content: Buffer, truncated = false): AnalyzerInput {
  const info: FileInfo = { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length };
  return { path, info, content, truncated, layer };
}

function run(analyzer: typeof dpkgStatusAnalyzer, path: string, content: Buffer, truncated = false): AnalyzerOutput {
  return (analyzer.analyze(input(path, content, truncated)) ?? {}) as AnalyzerOutput;
}

/** dpkg-query is the reference: same status file, dpkg's own parser. */
function dpkgQuery(format: string, ...pkgs: string[]): string {
  return execFileSync('dpkg-query', ['-W', '-f', format, ...pkgs], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

const FILES_ON_DISK = new Set(['installed', 'unpacked', 'half-configured', 'half-installed', 'triggers-awaited', 'triggers-pending']);

describe('dpkg status on this machine', { skip }, () => {
  const status = HAVE_DPKG ? readFileSync('/var/lib/dpkg/status') : Buffer.alloc(0);
  const out = HAVE_DPKG ? run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', status) : {};
  const pkgs = out.packages ?? [];

  it('finds the same packages, versions and source packages as dpkg-query', () => {
    const ref = dpkgQuery('${db:Status-Status}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t${source:Version}\n')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .filter((f) => FILES_ON_DISK.has(f[0]))
      .map((f) => f.slice(1).join('\t'))
      .sort();
    const ours = pkgs.map((p) => [p.name, p.arch ?? '', p.version, p.source?.name, p.source?.version].join('\t')).sort();
    assert.ok(ref.length > 50, `expected a real database, got ${ref.length} packages`);
    assert.equal(ours.length, ref.length);
    assert.deepEqual(ours, ref);
    assert.equal(out.warnings, undefined);
  });

  it('keeps epochs exactly and records the location and a provisional purl', () => {
    const withEpoch = pkgs.find((p) => p.version.includes(':'));
    assert.ok(withEpoch, 'some installed package has an epoch');
    assert.equal(withEpoch.version, dpkgQuery('${Version}', `${withEpoch.name}:${withEpoch.arch}`));
    assert.ok(withEpoch.purl.startsWith(`pkg:deb/debian/${withEpoch.name}@${withEpoch.version}?arch=`));
    assert.deepEqual(withEpoch.locations, [{ path: 'var/lib/dpkg/status', layer }]);
    assert.equal(withEpoch.foundBy, 'dpkg');
  });

  it('resolves dependencies to installed packages only, virtual ones through Provides', () => {
    const names = new Set(pkgs.map((p) => p.name));
    for (const p of pkgs) for (const d of p.dependsOn ?? []) assert.ok(names.has(d), `${p.name} -> ${d} is installed`);
    const bash = pkgs.find((p) => p.name === 'bash');
    assert.ok(bash?.dependsOn?.includes('libc6'), 'bash Pre-Depends on libc6');
    // Any `a | b` or virtual dependency resolves to a package whose name or Provides matches one alternative.
    const provides = new Map<string, string[]>();
    for (const line of dpkgQuery('${Package}\t${Provides}\n').split('\n')) {
      const [name, prov] = line.split('\t');
      if (name) provides.set(name, parseDependencyGroups(prov).flat());
    }
    let checked = 0;
    for (const line of dpkgQuery('${Package}\t${Pre-Depends}, ${Depends}\n').split('\n')) {
      const [name, deps] = line.split('\t');
      const p = pkgs.find((x) => x.name === name);
      if (!p || !deps) continue;
      for (const group of parseDependencyGroups(deps)) {
        const chosen = (p.dependsOn ?? []).filter((d) => group.includes(d) || (provides.get(d) ?? []).some((v) => group.includes(v)));
        const satisfiable = group.some((a) => names.has(a) || [...provides.values()].some((v) => v.includes(a)));
        if (satisfiable && !group.includes(name)) {
          assert.ok(chosen.length >= 1, `${name}: group ${group.join('|')} resolved`);
          checked++;
        }
      }
    }
    assert.ok(checked > 100);
  });

  it('owns the same files as dpkg -L', () => {
    const infoDir = '/var/lib/dpkg/info';
    const lists = readdirSync(infoDir).filter((f) => f.endsWith('.list'));
    const wanted = ['bash', 'coreutils', 'libc6', 'tzdata', 'dpkg'];
    let compared = 0;
    for (const name of wanted) {
      const file = lists.find((f) => f === `${name}.list` || f.startsWith(`${name}:`));
      if (!file) continue;
      const path = `var/lib/dpkg/info/${file}`;
      assert.equal(dpkgFilesAnalyzer.wants(path, input(path, Buffer.alloc(0)).info), true);
      const o = run(dpkgFilesAnalyzer, path, readFileSync(`${infoDir}/${file}`));
      const ref = execFileSync('dpkg', ['-L', name]).toString('utf8').split('\n')
        .filter((l) => l.startsWith('/') && l !== '/.')
        .map((l) => l.slice(1));
      const merged = mergeDpkgExtras(pkgs.filter((p) => p.name === name), [o]);
      assert.deepEqual(merged[0].files, ref, name);
      assert.ok(o.ownedFiles!.length > 0 && o.ownedFiles!.length < ref.length, 'directories are not claimed as owned files');
      assert.ok(!o.ownedFiles!.includes('usr') && !o.ownedFiles!.includes('usr/bin'));
      compared++;
    }
    assert.ok(compared >= 3);
  });
});

describe('dpkg copyright licenses', { skip }, () => {
  it('reads DEP-5 License: synopses like awk does', () => {
    let compared = 0;
    for (const name of ['bash', 'coreutils', 'libssl3', 'tar', 'gzip', 'sed', 'grep']) {
      const f = `/usr/share/doc/${name}/copyright`;
      if (!existsSync(f) || !readFileSync(f, 'utf8').startsWith('Format:')) continue;
      const ref = [...new Set(execFileSync('awk', ['/^License:/ { sub(/^License:[ \\t]*/, ""); sub(/[ \\t]+$/, ""); if ($0 != "") print }', f]).toString('utf8').split('\n').filter(Boolean))];
      const o = run(dpkgCopyrightAnalyzer, `usr/share/doc/${name}/copyright`, readFileSync(f));
      assert.deepEqual((o.facts?.['dpkg-copyright'] as { licenses: string[] }).licenses, ref, name);
      compared++;
    }
    assert.ok(compared >= 3);
  });

  it('falls back to common-licenses references in non-DEP-5 files', () => {
    const f = '/usr/share/doc/base-files/copyright';
    if (!existsSync(f)) return;
    const text = readFileSync(f, 'utf8');
    assert.ok(!text.startsWith('Format:'));
    // grep -o is the reference; a sentence's trailing dot is not part of the name.
    const refs = execFileSync('grep', ['-o', '/usr/share/common-licenses/[A-Za-z0-9.+_-]*', f]).toString('utf8')
      .split('\n').filter(Boolean).map((l) => l.slice('/usr/share/common-licenses/'.length).replace(/[.]+$/, ''));
    assert.deepEqual(parseCopyright(text), [...new Set(refs)]);
  });

  it('merges licenses into packages by name and leaves others alone', () => {
    const pkgs = parseDpkgStatus('Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nVersion: 2\n', { path: 'var/lib/dpkg/status' }).packages;
    const merged = mergeDpkgExtras(pkgs, [{ facts: { 'dpkg-copyright': { package: 'a', licenses: ['GPL-2+'] } } }]);
    assert.deepEqual(merged[0].licenses, ['GPL-2+']);
    assert.equal(merged[1], pkgs[1]);
    assert.deepEqual(pkgs[0].licenses, [], 'input not mutated');
  });

  it('wants only usr/share/doc/<pkg>/copyright', () => {
    const info = input('x', Buffer.alloc(0)).info;
    assert.equal(dpkgCopyrightAnalyzer.wants('usr/share/doc/bash/copyright', info), true);
    assert.equal(dpkgCopyrightAnalyzer.wants('usr/share/doc/bash/sub/copyright', info), false);
    assert.equal(dpkgCopyrightAnalyzer.wants('usr/share/doc/copyright', info), false);
  });
});

describe('dpkg field parsing', () => {
  it('splits dependency groups, dropping versions, arch lists, profiles and arch qualifiers', () => {
    assert.deepEqual(parseDependencyGroups('libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, python3:any, foo [amd64] <!nocheck>'), [
      ['libc6'],
      ['debconf', 'debconf-2.0'],
      ['python3'],
      ['foo'],
    ]);
    assert.deepEqual(parseSourceField('glibc (2.36-9+deb12u4)'), { name: 'glibc', version: '2.36-9+deb12u4' });
    assert.deepEqual(parseSourceField('util-linux'), { name: 'util-linux' });
  });

  it('takes only packages whose files are on disk and resolves alternatives in file order', () => {
    const text = [
      'Package: a\nStatus: install ok installed\nVersion: 1:2.0-1\nArchitecture: amd64\nDepends: missing | c, virt, nothere',
      'Package: removed\nStatus: deinstall ok config-files\nVersion: 1',
      'Package: c\nStatus: hold ok installed\nVersion: 3\nSource: csrc (2)\nProvides: virt (= 1)',
      'Package: gone\nStatus: purge ok not-installed\nVersion: 1',
      'Package: pending\nStatus: install ok triggers-pending\nVersion: 4\nDescription: x\n two lines\n .\n three',
    ].join('\n\n');
    const { packages, warnings } = parseDpkgStatus(text, { path: 'var/lib/dpkg/status' });
    assert.deepEqual(warnings, []);
    assert.deepEqual(packages.map((p) => p.name), ['a', 'c', 'pending']);
    assert.deepEqual(packages[0].dependsOn, ['c']);
    assert.deepEqual(packages[0].source, { name: 'a', version: '1:2.0-1' });
    assert.deepEqual(packages[1].source, { name: 'csrc', version: '2' });
    assert.equal(packages[2].metadata?.status, 'install ok triggers-pending');
  });
});

describe('distroless status.d', () => {
  it('reads one stanza per file, named by the file when Package is missing, and md5sums as owned files', () => {
    const st = run(dpkgStatusAnalyzer, 'var/lib/dpkg/status.d/libssl3', Buffer.from('Version: 3.0.15-1~deb12u1\nArchitecture: amd64\nSource: openssl\nDepends: libc6 (>= 2.34)\n'));
    assert.equal(st.packages?.length, 1);
    const p = st.packages![0];
    assert.equal(p.name, 'libssl3');
    assert.deepEqual(p.source, { name: 'openssl', version: '3.0.15-1~deb12u1' });
    assert.deepEqual(p.dependsOn, ['libc6'], 'kept unresolved: the other packages are in other files');
    const info = input('x', Buffer.alloc(0)).info;
    assert.equal(dpkgStatusAnalyzer.wants('var/lib/dpkg/status.d/libssl3', info), true);
    assert.equal(dpkgStatusAnalyzer.wants('var/lib/dpkg/status.d/libssl3.md5sums', info), false);
    assert.equal(dpkgFilesAnalyzer.wants('var/lib/dpkg/status.d/libssl3.md5sums', info), true);
    const md5 = run(dpkgFilesAnalyzer, 'var/lib/dpkg/status.d/libssl3.md5sums', Buffer.from('0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libssl.so.3\n'));
    assert.deepEqual(md5.ownedFiles, ['usr/lib/x86_64-linux-gnu/libssl.so.3']);
    const [merged] = finalizeOsPackages(mergeDpkgExtras([p], [md5]), { family: 'distroless', version: '12' });
    assert.deepEqual(merged.files, ['usr/lib/x86_64-linux-gnu/libssl.so.3']);
    assert.equal(merged.purl, 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12');
  });
});

describe('malformed input', { skip }, () => {
  const status = HAVE_DPKG ? readFileSync('/var/lib/dpkg/status') : Buffer.alloc(0);

  it('warns about a truncated file and keeps the complete stanzas', () => {
    const cut = status.subarray(0, Math.floor(status.length / 2));
    const full = run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', status).packages!;
    const o = run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', cut, true);
    assert.ok(o.packages!.length > 0 && o.packages!.length < full.length);
    assert.match(o.warnings!.at(-1)!, /read partly/);
    for (const p of o.packages!) assert.ok(full.some((f) => f.name === p.name && f.version === p.version));
  });

  it('warns on a stanza cut mid-field without throwing', () => {
    const text = status.toString('utf8');
    const cut = text.slice(0, text.indexOf('\nVersion:', 1000));
    const o = run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', Buffer.from(cut));
    assert.ok(o.warnings?.some((w) => /without Version/.test(w)));
  });

  it('survives binary garbage with bounded warnings', () => {
    const garbage = Buffer.alloc(200_000);
    let x = 12345;
    for (let i = 0; i < garbage.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = x >> 16;
    }
    const mixed = Buffer.concat([status.subarray(0, status.indexOf('\n\n') + 2), garbage]);
    const o = run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', mixed);
    assert.ok(o.packages!.length >= 1, 'the stanza before the garbage survives');
    assert.ok(o.warnings!.length > 0 && o.warnings!.length <= 21);
  });
});

describe('leafPaths', () => {
  it('keeps entries that are not parents of other entries', () => {
    assert.deepEqual(leafPaths(['usr', 'usr/bin', 'usr/bin/x', 'etc/empty-dir']), ['usr/bin/x', 'etc/empty-dir']);
  });
});

// Keep the Package type import used for readers of this file: merged packages are plain Package objects.
export type { Package };
