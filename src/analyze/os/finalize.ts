/**
 * OS packages get their purl namespace and `distro=` qualifier only once the image's OS is known: the
 * dpkg/apk/rpm analyzers read one database file each and cannot see os-release (and their cached
 * results must not depend on another file). This post-step runs over the merged package list.
 */
import type { OSInfo, Package } from '../../sbom/package.js';
import { buildPurl } from '../../sbom/purl.js';
import { distroQualifier, purlNamespace } from './families.js';

const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

/** Namespace used before the OS is known; rpm has no sensible default (RHEL? SUSE?). */
const DEFAULT_NAMESPACE: Record<string, string | undefined> = { deb: 'debian', apk: 'alpine', rpm: undefined };

/** The purl of a deb/apk/rpm package: arch always, epoch for rpm when non-zero, distro when known. */
export function osPackagePurl(pkg: Pick<Package, 'type' | 'name' | 'version' | 'arch' | 'epoch'>, namespace?: string, distro?: string): string {
  return buildPurl({
    type: pkg.type,
    namespace: namespace ?? DEFAULT_NAMESPACE[pkg.type],
    name: pkg.name,
    version: pkg.version,
    qualifiers: {
      arch: pkg.arch,
      // An absent epoch and epoch 0 compare equal in rpm; the purl keeps the canonical short form.
      epoch: pkg.type === 'rpm' && pkg.epoch ? pkg.epoch : undefined,
      distro,
    },
  });
}

/**
 * Returns copies of the packages with OS packages (deb, apk, rpm) given the OS's namespace
 * (`pkg:deb/ubuntu/...`, `pkg:rpm/redhat/...`) and `distro=` qualifier (`debian-12`, `alpine-3.19.1`,
 * `rhel-9.4`). Language packages are returned unchanged. Without an OS only defaults are applied.
 */
export function finalizeOsPackages(packages: readonly Package[], os: OSInfo | undefined): Package[] {
  return packages.map((pkg) => {
    if (!OS_TYPES.has(pkg.type)) return pkg;
    const namespace = os ? purlNamespace(os.family) : DEFAULT_NAMESPACE[pkg.type];
    const distro = os ? distroQualifier(os.family, os.version) : undefined;
    const out: Package = { ...pkg, purl: osPackagePurl(pkg, namespace, distro) };
    if (namespace) out.namespace = namespace;
    return out;
  });
}
