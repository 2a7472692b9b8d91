/**
 * Which OSV ecosystem and package name a package's advisories are filed under.
 *
 * Distro packages are looked up by their **source** package (Debian DSAs, Alpine secfixes and
 * Ubuntu USNs name source packages) and the release: `Debian:12` (major), `Ubuntu:22.04`,
 * `Alpine:v3.20` (major.minor), `Wolfi` (rolling), `Rocky Linux:9`, `AlmaLinux:9`. Red Hat is the
 * exception: its OSV records are filed per product and repository (`Red Hat:enterprise_linux:9::baseos`,
 * `…::appstream`) and name **binary** RPMs (`openssl-libs`, `thunderbird-debuginfo`), so a RHEL/UBI
 * package is looked up by its own name under `Red Hat:enterprise_linux:<major>`, which takes every
 * repository of that release (see sameEcosystem) but not the EUS/AUS/E4S lifecycle products.
 * Language packages use the registry's name: npm `@scope/x`, PyPI PEP 503-normalised, Go module
 * path, Maven `group:artifact`, crates.io, RubyGems, Packagist `vendor/pkg`, NuGet.
 */
import { fullName } from '../../sbom/document.js';
import type { OSInfo, Package } from '../../sbom/package.js';

export interface EcosystemKey {
  ecosystem: string;
  name: string;
}

const LANGUAGE: Partial<Record<Package['type'], string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  maven: 'Maven',
  cargo: 'crates.io',
  gem: 'RubyGems',
  composer: 'Packagist',
  nuget: 'NuGet',
};

const OS_PACKAGE_TYPES = new Set(['deb', 'apk', 'rpm']);

/** The OSV ecosystem of RHEL's standard (non-EUS) repositories, before the major release. */
export const RED_HAT_PREFIX = 'Red Hat:enterprise_linux:';

/** PEP 503 normalisation (case-insensitive; runs of `-`, `_`, `.` equal). */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The name as the ecosystem's advisories compare it (both sides go through this). */
export function normalizeAdvisoryName(ecosystem: string, name: string): string {
  const base = ecosystem.split(':')[0];
  switch (base) {
    case 'PyPI':
      return pep503(name);
    case 'NuGet':
    case 'Packagist':
      return name.toLowerCase();
    default:
      return name;
  }
}

function major(version: string): string | undefined {
  return /^(\d+)/.exec(version)?.[1];
}

function majorMinor(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** The OSV ecosystem of an OS release, or undefined for OSes OSV has no data for (or no version). */
export function osEcosystem(os: OSInfo): string | undefined {
  const family = os.family === 'distroless' ? 'debian' : os.family;
  switch (family) {
    case 'debian': {
      const m = major(os.version);
      return m ? `Debian:${m}` : undefined;
    }
    case 'ubuntu': {
      const mm = majorMinor(os.version);
      return mm ? `Ubuntu:${mm}` : undefined;
    }
    case 'alpine': {
      const mm = majorMinor(os.version);
      return mm ? `Alpine:v${mm}` : undefined;
    }
    case 'wolfi':
      return 'Wolfi';
    case 'chainguard':
      return 'Chainguard';
    case 'rhel': {
      const m = major(os.version);
      return m ? `${RED_HAT_PREFIX}${m}` : undefined;
    }
    case 'rocky': {
      const m = major(os.version);
      return m ? `Rocky Linux:${m}` : undefined;
    }
    case 'almalinux': {
      const m = major(os.version);
      return m ? `AlmaLinux:${m}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The ecosystem and name to ask the advisory store for, or undefined when there is no OSV
 * ecosystem for it (an OS package with no or an unknown OS).
 */
export function ecosystemFor(pkg: Package, os?: OSInfo): EcosystemKey | undefined {
  if (OS_PACKAGE_TYPES.has(pkg.type)) {
    if (!os) return undefined;
    const ecosystem = osEcosystem(os);
    if (!ecosystem) return undefined;
    if (ecosystem.startsWith(RED_HAT_PREFIX)) return { ecosystem, name: pkg.name };
    return { ecosystem, name: pkg.source?.name || pkg.name };
  }
  const ecosystem = LANGUAGE[pkg.type];
  if (!ecosystem) return undefined;
  const name = fullName(pkg);
  return { ecosystem, name: normalizeAdvisoryName(ecosystem, name) };
}

/** Rocky Linux and AlmaLinux rebuild Red Hat's errata; which RPM name their records use varies. */
const REBUILD_ECOSYSTEM = /^(Rocky Linux|AlmaLinux):/;

/**
 * Every key to look a package up under, the primary one (ecosystemFor) first. An rpm is built
 * from its source RPM with the same epoch:version-release, so an advisory naming either the
 * binary (`openssl-libs`, as AlmaLinux's `apr-util-devel` records do) or the source (`openssl`)
 * speaks about the same build: for the Red Hat rebuilds both names are asked, and the matcher
 * counts a record found under both once.
 */
export function lookupKeysFor(pkg: Package, os?: OSInfo): EcosystemKey[] {
  const primary = ecosystemFor(pkg, os);
  if (!primary) return [];
  if (pkg.type === 'rpm' && REBUILD_ECOSYSTEM.test(primary.ecosystem) && primary.name !== pkg.name) {
    return [primary, { ecosystem: primary.ecosystem, name: pkg.name }];
  }
  return [primary];
}

/**
 * The version to compare for a package: distro advisories give source-package versions, so the
 * source version when the package records one (a binNMU `+b1` binary has the source's fixes), else
 * the package's version with an rpm epoch kept outside `version` put back. An rpm is built from
 * its source RPM with the same epoch:version-release, but the source RPM's file name (where the
 * source version comes from) has no epoch, so rpm packages compare their own full EVR: advisories
 * write `1:3.0.7-27.el9`, and `3.0.7-24.el9` without its epoch would sort below every fix.
 */
export function versionFor(pkg: Package): string {
  if (OS_PACKAGE_TYPES.has(pkg.type) && pkg.type !== 'rpm' && pkg.source?.version) return pkg.source.version;
  if (pkg.epoch !== undefined && pkg.epoch !== 0 && !pkg.version.includes(':')) return `${pkg.epoch}:${pkg.version}`;
  return pkg.version;
}
