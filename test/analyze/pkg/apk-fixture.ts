/**
 * Builds `lib/apk/db/installed` text for tests.
 *
 * A real Alpine database cannot be downloaded here, so the input is assembled in apk's documented
 * installed-db format (Alpine wiki "Apk spec": `P:`/`V:`/`A:`/`o:`/`L:`/`D:`/`p:`/`F:`/`R:` lines,
 * blank line between packages). Package origins and versions are real: each origin's newest fixed version
 * from the Alpine secdb snapshot in shared/vulndb/native/alpine/<release>/main.json. Subpackage names,
 * licenses, provides and file paths are those Alpine's APKBUILDs define for these origins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { findUp } from '../../helpers/repo.js';

/** shared/ sits beside the checkout (CI copies it there); found by walking up (findUp). */
export const SECDB_DIR = findUp('shared/vulndb/native/alpine');

export interface ApkFixturePackage {
  name: string;
  origin: string;
  version: string;
  license: string;
  deps: string[];
  provides: string[];
  /** directory → files in it */
  files: Record<string, string[]>;
}

/** Newest fixed version of each origin in a release's secdb (keys are apk versions; `0` means "not affected"). */
export function secdbVersions(release: string): Map<string, string> | undefined {
  if (!SECDB_DIR) return undefined;
  const file = `${SECDB_DIR}/${release}/main.json`;
  if (!existsSync(file)) return undefined;
  const db = JSON.parse(readFileSync(file, 'utf8')) as { packages: { pkg: { name: string; secfixes: Record<string, string[]> } }[] };
  const out = new Map<string, string>();
  for (const { pkg } of db.packages) {
    const versions = Object.keys(pkg.secfixes).filter((v) => v !== '0');
    if (versions[0]) out.set(pkg.name, versions[0]);
  }
  return out;
}

export function fixturePackages(versions: Map<string, string>): ApkFixturePackage[] {
  const v = (origin: string) => {
    const found = versions.get(origin);
    if (!found) throw new Error(`secdb has no ${origin}`);
    return found;
  };
  return [
    {
      name: 'musl', origin: 'musl', version: v('musl'), license: 'MIT', deps: [],
      provides: ['so:libc.musl-x86_64.so.1=1'],
      files: { lib: ['ld-musl-x86_64.so.1', 'libc.musl-x86_64.so.1'] },
    },
    {
      name: 'busybox', origin: 'busybox', version: v('busybox'), license: 'GPL-2.0-only', deps: ['so:libc.musl-x86_64.so.1'],
      provides: ['/bin/sh', 'cmd:busybox=' + v('busybox'), 'cmd:sh=' + v('busybox')],
      files: { bin: ['busybox', 'sh'], etc: ['securetty'] },
    },
    {
      name: 'libcrypto3', origin: 'openssl', version: v('openssl'), license: 'Apache-2.0', deps: ['so:libc.musl-x86_64.so.1'],
      provides: ['so:libcrypto.so.3=3'],
      files: { 'usr/lib': ['libcrypto.so.3'] },
    },
    {
      name: 'libssl3', origin: 'openssl', version: v('openssl'), license: 'Apache-2.0', deps: ['so:libc.musl-x86_64.so.1', 'so:libcrypto.so.3'],
      provides: ['so:libssl.so.3=3'],
      files: { 'usr/lib': ['libssl.so.3'] },
    },
    {
      name: 'zlib', origin: 'zlib', version: v('zlib'), license: 'Zlib', deps: ['so:libc.musl-x86_64.so.1'],
      provides: ['so:libz.so.1=' + v('zlib').replace(/-r\d+$/, '')],
      files: { lib: ['libz.so.1'] },
    },
    {
      name: 'apk-tools', origin: 'apk-tools', version: v('apk-tools'), license: 'GPL-2.0-only',
      deps: ['musl>=1.2', 'ca-certificates-bundle', 'so:libc.musl-x86_64.so.1', 'so:libcrypto.so.3', 'so:libssl.so.3', 'so:libz.so.1', '!apk-tools-static'],
      provides: ['so:libapk.so.' + v('apk-tools').replace(/-r\d+$/, '') + '=0', 'cmd:apk=' + v('apk-tools')],
      files: { sbin: ['apk'] },
    },
  ];
}

/** The installed-db text; each block starts with the checksum line real databases have. */
export function installedDb(pkgs: ApkFixturePackage[]): string {
  return pkgs
    .map((p) => {
      const lines = [`C:Q1${Buffer.from(p.name).toString('base64')}=`, `P:${p.name}`, `V:${p.version}`, 'A:x86_64', `S:1024`, `I:4096`, `T:${p.name}`, `U:https://alpinelinux.org`, `L:${p.license}`, `o:${p.origin}`, 'm:Natanael Copa <ncopa@alpinelinux.org>', 't:1700000000', 'c:0000000000000000000000000000000000000000'];
      if (p.deps.length) lines.push(`D:${p.deps.join(' ')}`);
      if (p.provides.length) lines.push(`p:${p.provides.join(' ')}`);
      for (const [dir, files] of Object.entries(p.files)) {
        lines.push(`F:${dir}`, 'M:0:0:755');
        for (const f of files) lines.push(`R:${f}`, 'a:0:0:755', `Z:Q1${Buffer.from(f).toString('base64')}=`);
      }
      return lines.join('\n') + '\n';
    })
    .join('\n');
}
