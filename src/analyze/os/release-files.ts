/**
 * Distribution-specific release files, used when os-release is missing (old images) or lacks a version.
 * Each is a one-line file whose format is documented by its distribution:
 *
 * - `etc/debian_version`: `12.11`, or `trixie/sid` on testing/unstable (Ubuntu ships one too, with a
 *   Debian codename, which is why it has the lowest precedence in detectOS).
 * - `etc/alpine-release`: `3.19.1`.
 * - `etc/redhat-release` (and `centos-release`, `rocky-release`... which it usually links to):
 *   `<Product> release <version> (<codename>)`, e.g. `Red Hat Enterprise Linux release 9.4 (Plow)`.
 * - `etc/system-release`: the same line; Amazon Linux has only this one (`Amazon Linux release 2 (Karoo)`).
 * - `etc/lsb-release`: shell assignments `DISTRIB_ID=Ubuntu`, `DISTRIB_RELEASE=22.04`,
 *   `DISTRIB_CODENAME=jammy`, `DISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"`.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.js';
import type { OSInfo } from '../../sbom/package.js';
import { familyFromId, familyFromProductName } from './families.js';
import { parseOsRelease } from './os-release.js';

function firstLine(content: Buffer): string {
  return content.toString('utf8').split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
}

export function parseDebianVersion(text: string): OSInfo | undefined {
  const v = text.trim().split(/\r?\n/)[0]?.trim();
  if (!v) return undefined;
  const os: OSInfo = { family: 'debian', version: v };
  const codename = /^([a-z]+)\/sid$/.exec(v)?.[1];
  if (codename) os.codename = codename;
  return os;
}

export function parseAlpineRelease(text: string): OSInfo | undefined {
  const v = text.trim().split(/\r?\n/)[0]?.trim();
  if (!v || !/^\d+\.\d+/.test(v)) return undefined;
  return { family: 'alpine', version: v };
}

/** `<Product> release <version> (<codename>)`; also `Amazon Linux AMI release 2018.03`. */
export function parseRedhatStyleRelease(line: string): OSInfo | undefined {
  const m = /^(.*?)\s+release\s+(\S+)(?:\s+\(([^)]*)\))?/i.exec(line.trim());
  if (!m) return undefined;
  const family = familyFromProductName(m[1]);
  if (!family) return undefined;
  const os: OSInfo = { family, version: m[2], name: line.trim() };
  if (m[3]) os.codename = m[3];
  return os;
}

export function parseLsbRelease(text: string): OSInfo | undefined {
  const f = parseOsRelease(text);
  if (!f.DISTRIB_ID) return undefined;
  const os: OSInfo = { family: familyFromId(f.DISTRIB_ID), version: f.DISTRIB_RELEASE ?? '' };
  if (f.DISTRIB_DESCRIPTION) os.name = f.DISTRIB_DESCRIPTION;
  if (f.DISTRIB_CODENAME) os.codename = f.DISTRIB_CODENAME;
  return os;
}

/** One analyzer per release file: each is its own cache entry and can be versioned on its own. */
function releaseFileAnalyzer(name: string, path: string, parse: (content: Buffer) => OSInfo | undefined): Analyzer {
  return {
    name,
    version: 1,
    maxBytes: 16 * 1024,
    wants(p, info) {
      return p === path && (info.type === 'file' || info.type === 'hardlink');
    },
    analyze({ path: p, content, layer }: AnalyzerInput): AnalyzerOutput | undefined {
      const os = parse(content);
      if (!os) return content.length > 0 ? { warnings: [`${p}: content not recognised as a release line`] } : undefined;
      os.location = { path: p, layer };
      return { os };
    },
  };
}

export const debianVersionAnalyzer = releaseFileAnalyzer('debian-version', 'etc/debian_version', (c) => parseDebianVersion(c.toString('utf8')));
export const alpineReleaseAnalyzer = releaseFileAnalyzer('alpine-release', 'etc/alpine-release', (c) => parseAlpineRelease(c.toString('utf8')));
export const redhatReleaseAnalyzer = releaseFileAnalyzer('redhat-release', 'etc/redhat-release', (c) => parseRedhatStyleRelease(firstLine(c)));
export const systemReleaseAnalyzer = releaseFileAnalyzer('system-release', 'etc/system-release', (c) => parseRedhatStyleRelease(firstLine(c)));
export const lsbReleaseAnalyzer = releaseFileAnalyzer('lsb-release', 'etc/lsb-release', (c) => parseLsbRelease(c.toString('utf8')));
