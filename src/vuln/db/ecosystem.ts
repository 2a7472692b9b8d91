/**
 * Ecosystem strings and package-name normalisation. The DB is keyed by (ecosystem base, normalized
 * name) so that a scan asking for `Django` finds records filed under `django`, and a scan of a
 * Debian 12 image asks only for `Debian` rows with release `12`.
 */

/** What `db update` fetches when no `--ecosystems` is given: the OS distros and language registries we scan. */
export const DEFAULT_ECOSYSTEMS: readonly string[] = [
  'Debian', 'Ubuntu', 'Alpine', 'Wolfi', 'Chainguard', 'Red Hat', 'Rocky Linux', 'AlmaLinux',
  'npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'RubyGems', 'Packagist', 'NuGet',
];

/**
 * Ecosystem bases osv.dev publishes (schema 1.6 list, abridged to stable names). Anything else is
 * still imported, but counted as unknown so a typo in a custom feed is visible in `db status`.
 */
const KNOWN_BASES = new Set([
  ...DEFAULT_ECOSYSTEMS,
  'AlmaLinux', 'Alpaquita', 'Android', 'Bitnami', 'BellSoft Hardened Containers', 'CRAN', 'GHC', 'GIT', 'GSD',
  'Hackage', 'Hex', 'Linux', 'Mageia', 'MinimOS', 'OSS-Fuzz', 'openEuler', 'openSUSE', 'Photon OS', 'Pub',
  'SUSE', 'SwiftURL', 'UVI', 'Echo', 'Azure Linux', 'Julia', 'VSCode', 'opam', 'Haiku',
]);

export function isKnownEcosystem(base: string): boolean {
  return KNOWN_BASES.has(base);
}

/** `Debian:12` → { base: 'Debian', release: '12' }; `Ubuntu:Pro:22.04:LTS` keeps everything after the first colon. */
export function splitEcosystem(ecosystem: string): { base: string; release: string } {
  const i = ecosystem.indexOf(':');
  if (i < 0) return { base: ecosystem, release: '' };
  return { base: ecosystem.slice(0, i), release: ecosystem.slice(i + 1) };
}

/**
 * The release as stored, so `Alpine:3.20` (how os-release spells it) finds `Alpine:v3.20` (how OSV
 * spells it).
 */
export function normalizeRelease(base: string, release: string): string {
  if (base === 'Alpine' && /^\d/.test(release)) return 'v' + release;
  // Red Hat files records per product and repository (`enterprise_linux:9::appstream`; hundreds
  // of such strings), not per release: they are kept, and looked up, under the bare family and
  // the matcher picks the entries of the release (sameEcosystem in vuln/match).
  if (base === 'Red Hat') return '';
  return release;
}

/**
 * The lookup key for a package name. Only rules the registry itself enforces are applied: a
 * normalisation the registry does not do would merge distinct packages.
 */
export function normalizeName(base: string, name: string): string {
  const n = name.trim();
  switch (base) {
    case 'PyPI':
      // PEP 503: runs of -, _ and . are equivalent, case-insensitive.
      return n.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
    case 'Packagist':
    case 'Hex':
      // These registries treat names case-insensitively (NuGet ids, composer vendor/name).
      return n.toLowerCase();
    case 'crates.io':
      // crates.io refuses names differing only in case or -/_ , so they identify the same crate.
      return n.toLowerCase().replace(/_/g, '-');
    case 'Maven':
      // OSV writes `group:artifact`; SBOMs sometimes write `group/artifact`.
      return n.replace('/', ':');
    default:
      // npm (scope included), Go module paths, RubyGems and distro source packages are case-sensitive as written.
      return n;
  }
}
