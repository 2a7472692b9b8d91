/**
 * The Go standard library compiled into a Go binary, as a package the Go vulnerability database
 * knows: `stdlib` in ecosystem `Go` (https://go.dev/security/vuln/database: "stdlib" and
 * "toolchain" are its pseudo-modules). The go-binary cataloger records the toolchain version
 * (`go1.22.1`) on every module of a binary; one `stdlib` package per binary is derived from it.
 * Not added to the SBOM: the lead decides whether to list it (trivy and grype report it).
 */
import type { Package } from '../../sbom/package.js';
import { buildPurl } from '../../sbom/purl.js';

/** `go1.22.1` → `v1.22.1`, `go1.21` → `v1.21.0`, `go1.21rc2` → `v1.21.0-rc.2` (the vulndb's SemVer form). */
export function goToolchainSemver(goVersion: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?(?:\s|$|[-+ ])/.exec(goVersion.trim() + ' ');
  if (!m) return undefined;
  const pre = m[4] ? `-${m[4]}.${m[5]}` : '';
  return `v${m[1]}.${m[2]}.${m[3] ?? '0'}${pre}`;
}

/** One `stdlib` package per Go binary (location path) whose modules carry a `goVersion`. */
export function goStdlibPackages(packages: readonly Package[]): Package[] {
  const out = new Map<string, Package>();
  for (const pkg of packages) {
    if (pkg.type !== 'golang' || pkg.foundBy !== 'go-binary') continue;
    const goVersion = pkg.metadata?.goVersion;
    if (typeof goVersion !== 'string') continue;
    const version = goToolchainSemver(goVersion);
    const location = pkg.locations[0];
    if (!version || !location) continue;
    const key = `${location.path}\u0000${location.layer?.diffID ?? ''}`;
    if (out.has(key)) continue;
    out.set(key, {
      type: 'golang',
      name: 'stdlib',
      version,
      purl: buildPurl({ type: 'golang', name: 'stdlib', version }),
      licenses: ['BSD-3-Clause'],
      locations: [location],
      metadata: { goVersion },
      foundBy: 'go-binary-stdlib',
    });
  }
  return [...out.values()];
}
