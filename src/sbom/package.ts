import type { LayerRef } from '../image/fs-types.js';

/** Package ecosystems the SBOM knows; the names are purl types. */
export type PackageType = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven' | 'gem' | 'composer' | 'cargo' | 'nuget';

export interface PackageLocation {
  /** Path of the file that records the package (`var/lib/dpkg/status`, `app/node_modules/x/package.json`). */
  path: string;
  layer?: LayerRef;
}

/** One package found in an image or a filesystem. */
export interface Package {
  type: PackageType;
  /** Ecosystem name as the ecosystem spells it (`openssl`, `@scope/name`, `org.apache.commons:commons-text`). */
  name: string;
  /** Exact version as recorded (dpkg epoch `1:2.38.1-5+deb12u3`, rpm `1.2-3.el9` + epoch field, ...). */
  version: string;
  /** Package URL (https://github.com/package-url/purl-spec), built by src/sbom/purl.ts. */
  purl: string;
  arch?: string;
  /** For distro packages: the source package vulnerability data is keyed by. */
  source?: { name: string; version?: string };
  /** rpm epoch, when not part of `version`. */
  epoch?: number;
  /** As written by the package (`GPL-2+`, `MIT`, a license file name); the SBOM writer normalises. */
  licenses: string[];
  locations: PackageLocation[];
  /** Files the package database says the package owns (relative, no leading `/`). */
  files?: string[];
  /** Names (within the same ecosystem) this package depends on, where the source records it. */
  dependsOn?: string[];
  /** Maven group / npm scope / Go module path etc. when not part of `name`. */
  namespace?: string;
  /** Ecosystem-specific extras (go version of a binary, jar main class...). */
  metadata?: Record<string, unknown>;
  /** Which cataloger found it (`dpkg`, `npm-package-json`, `go-binary`, ...). */
  foundBy: string;
}

/** The operating system of an image. */
export interface OSInfo {
  /** `debian`, `ubuntu`, `alpine`, `wolfi`, `rhel`, `rocky`, `almalinux`, `fedora`, `amzn`, `opensuse-leap`, `distroless`... */
  family: string;
  /** `12`, `3.20.1`, `9.4`... */
  version: string;
  /** Human name (`Debian GNU/Linux 12 (bookworm)`). */
  name?: string;
  codename?: string;
  /** End-of-life date from the dated table in src/data, and whether it has passed. */
  eol?: { date: string; passed: boolean; source: string };
  /** The file it was read from. */
  location?: { path: string; layer?: LayerRef };
}
