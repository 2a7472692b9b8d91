/**
 * Picks the image's operating system from the OS analyzers' outputs of the final filesystem.
 *
 * Precedence, most trusted first (an image usually has several of these files):
 *   1. etc/os-release       the standard file, written by every current distribution
 *   2. usr/lib/os-release   the vendor copy etc/os-release normally links to
 *   3. etc/alpine-release, etc/redhat-release, etc/system-release   one distribution each
 *   4. etc/lsb-release      Ubuntu and derivatives, sometimes copied into unrelated images
 *   5. etc/debian_version   also present on Ubuntu (with a Debian codename), so it comes last
 * The winner's family decides; a lower-ranked file of the same family only fills a missing version or
 * codename (Debian testing has no VERSION_ID, its debian_version says `trixie/sid`).
 *
 * Distroless: os-release is Debian's with `PRETTY_NAME="Distroless"`, and packages are recorded one per
 * file in var/lib/dpkg/status.d/. Both must hold for the family `distroless`; a Debian image that merely
 * renamed itself stays `debian`.
 */
import type { AnalyzerOutput } from '../analyzer.js';
import type { OSInfo } from '../../sbom/package.js';
import { baseFamily } from './families.js';
import { lookupEol } from './eol.js';

export const OS_FILE_PRECEDENCE: readonly string[] = [
  'etc/os-release',
  'usr/lib/os-release',
  'etc/alpine-release',
  'etc/redhat-release',
  'etc/system-release',
  'etc/lsb-release',
  'etc/debian_version',
];

export interface DetectOptions {
  /** The day EOL is judged against (tests pin it). */
  now?: Date;
}

function rank(os: OSInfo): number {
  const i = OS_FILE_PRECEDENCE.indexOf(os.location?.path ?? '');
  return i === -1 ? OS_FILE_PRECEDENCE.length : i;
}

function hasDpkgStatusD(outputs: readonly AnalyzerOutput[]): boolean {
  return outputs.some((o) => o.packages?.some((p) => p.locations.some((l) => l.path.startsWith('var/lib/dpkg/status.d/'))));
}

/** The final OS of an image, with its EOL; undefined when no release file was recognised. */
export function detectOS(outputs: readonly AnalyzerOutput[], options: DetectOptions = {}): OSInfo | undefined {
  const candidates = outputs
    .map((o) => o.os)
    .filter((os): os is OSInfo => os !== undefined)
    .sort((a, b) => rank(a) - rank(b));
  const winner = candidates[0];
  if (!winner) return undefined;
  const os: OSInfo = { ...winner };
  const sameFamily = candidates.slice(1).filter((c) => baseFamily(c.family) === baseFamily(os.family));
  if (!os.version) os.version = sameFamily.find((c) => c.version)?.version ?? '';
  if (!os.codename) {
    const codename = sameFamily.find((c) => c.codename)?.codename;
    if (codename) os.codename = codename;
  }
  if (os.family === 'debian' && os.name === 'Distroless' && hasDpkgStatusD(outputs)) os.family = 'distroless';
  const eol = lookupEol(os.family, os.version, options.now);
  if (eol) os.eol = eol;
  else delete os.eol;
  return os;
}
