import type { LayerRef } from '../../src/image/fs-types.js';
import type { ImageMetadata } from '../../src/image/types.js';
import type { SbomInput } from '../../src/sbom/document.js';
import type { OSInfo, Package, PackageType } from '../../src/sbom/package.js';
import { buildPurl } from '../../src/sbom/purl.js';

export const CONFIG_DIGEST = `sha256:${'a1'.repeat(32)}`;
export const MANIFEST_DIGEST = `sha256:${'b2'.repeat(32)}`;
export const SERIAL = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
export const NAMESPACE = 'https://example.com/spdxdocs/acme-app-3e671687-395b-41f5-a30f-a58921a69b79';
export const CREATED = new Date('2024-05-01T12:34:56.789Z');

export const LAYERS: LayerRef[] = [
  { index: 0, diffID: `sha256:${'01'.repeat(32)}`, createdBy: '# debian.sh --arch amd64 out/ bookworm' },
  { index: 1, diffID: `sha256:${'02'.repeat(32)}`, createdBy: 'RUN apt-get install -y bash' },
  { index: 2, diffID: `sha256:${'03'.repeat(32)}`, createdBy: 'COPY app /app' },
];

export const METADATA: ImageMetadata = {
  reference: 'docker.io/acme/app:1.4.2',
  sourceKind: 'registry',
  configDigest: CONFIG_DIGEST,
  manifestDigest: MANIFEST_DIGEST,
  repoTags: ['docker.io/acme/app:1.4.2', 'acme/app:latest'],
  repoDigests: [`acme/app@${MANIFEST_DIGEST}`],
  platform: { os: 'linux', architecture: 'amd64' },
  config: {
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app', 'org.opencontainers.image.revision': 'abc123' } },
    rootfs: { type: 'layers', diff_ids: LAYERS.map((l) => l.diffID) },
  },
};

export const OS: OSInfo = {
  family: 'debian',
  version: '12',
  name: 'Debian GNU/Linux 12 (bookworm)',
  codename: 'bookworm',
  eol: { date: '2026-06-10', passed: false, source: 'src/data/os-eol.json' },
  location: { path: 'etc/os-release', layer: LAYERS[0] },
};

interface PkgSpec {
  type: PackageType;
  name: string;
  version: string;
  namespace?: string;
  purlNamespace?: string;
  qualifiers?: Record<string, string | number | undefined>;
  path: string;
  layer?: number;
  licenses?: string[];
  dependsOn?: string[];
  source?: { name: string; version?: string };
  epoch?: number;
  arch?: string;
  metadata?: Record<string, unknown>;
  foundBy?: string;
}

/** A package as a cataloger would report it, purl included. */
export function pkg(spec: PkgSpec): Package {
  const { type, name, version, namespace } = spec;
  return {
    type,
    name,
    version,
    namespace,
    purl: buildPurl({ type, namespace: namespace ?? spec.purlNamespace, name, version, qualifiers: spec.qualifiers }),
    licenses: spec.licenses ?? [],
    locations: [{ path: spec.path, layer: spec.layer === undefined ? undefined : LAYERS[spec.layer] }],
    ...(spec.dependsOn ? { dependsOn: spec.dependsOn } : {}),
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.epoch !== undefined ? { epoch: spec.epoch } : {}),
    ...(spec.arch ? { arch: spec.arch } : {}),
    ...(spec.metadata ? { metadata: spec.metadata } : {}),
    foundBy: spec.foundBy ?? `${type}-cataloger`,
  };
}

const DPKG = 'var/lib/dpkg/status';
const debQ = { arch: 'amd64', distro: 'debian-12' };

/** Every ecosystem, duplicate copies, cross-references, a dependency cycle and odd licenses. */
export function samplePackages(): Package[] {
  return [
    pkg({ type: 'deb', name: 'libc6', version: '2.36-9+deb12u4', purlNamespace: 'debian', qualifiers: { ...debQ, upstream: 'glibc' }, path: DPKG, layer: 0, licenses: ['GPL-2+', 'LGPL-2.1+'], dependsOn: ['libgcc-s1'], source: { name: 'glibc', version: '2.36-9+deb12u4' }, arch: 'amd64', foundBy: 'dpkg' }),
    // Epoch inside the Debian version; depends back on libc6 (a cycle that bash reaches from outside).
    pkg({ type: 'deb', name: 'libgcc-s1', version: '1:12.2.0-14', purlNamespace: 'debian', qualifiers: debQ, path: DPKG, layer: 0, licenses: ['GPL-3+ with GCC-exception-3.1'], dependsOn: ['gcc-12-base', 'libc6:amd64'], source: { name: 'gcc-12', version: '12.2.0-14' }, arch: 'amd64', foundBy: 'dpkg' }),
    pkg({ type: 'deb', name: 'gcc-12-base', version: '12.2.0-14', purlNamespace: 'debian', qualifiers: debQ, path: DPKG, layer: 0, licenses: ['GPL-3+', 'GFDL-NIV-1.3+'], source: { name: 'gcc-12' }, foundBy: 'dpkg' }),
    pkg({ type: 'deb', name: 'bash', version: '5.2.15-2+b2', purlNamespace: 'debian', qualifiers: debQ, path: DPKG, layer: 1, licenses: ['GPL-3+', 'BSD-4-clause-UC'], dependsOn: ['libc6', 'base-files'], foundBy: 'dpkg' }),
    pkg({ type: 'apk', name: 'musl', version: '1.2.4-r2', purlNamespace: 'alpine', qualifiers: { arch: 'x86_64', distro: 'alpine-3.19.1' }, path: 'lib/apk/db/installed', layer: 0, licenses: ['MIT'], foundBy: 'apk' }),
    pkg({ type: 'apk', name: 'busybox', version: '1.36.1-r15', purlNamespace: 'alpine', qualifiers: { arch: 'x86_64', distro: 'alpine-3.19.1' }, path: 'lib/apk/db/installed', layer: 0, licenses: ['GPL-2.0-only'], dependsOn: ['musl', 'so:libc.musl-x86_64.so.1'], foundBy: 'apk' }),
    pkg({ type: 'rpm', name: 'openssl-libs', version: '3.0.7-27.el9', epoch: 1, purlNamespace: 'redhat', qualifiers: { arch: 'x86_64', epoch: 1, distro: 'rhel-9.4' }, path: 'var/lib/rpm/rpmdb.sqlite', layer: 1, licenses: ['ASL 2.0'], source: { name: 'openssl', version: '3.0.7-27.el9' }, dependsOn: ['zlib'], foundBy: 'rpm' }),
    pkg({ type: 'rpm', name: 'zlib', version: '1.2.11-40.el9', purlNamespace: 'redhat', qualifiers: { arch: 'x86_64', distro: 'rhel-9.4' }, path: 'var/lib/rpm/rpmdb.sqlite', layer: 1, licenses: ['zlib and Boost'], foundBy: 'rpm' }),
    pkg({ type: 'rpm', name: 'ncurses-base', version: '6.2-10.20210508.el9', purlNamespace: 'redhat', qualifiers: { arch: 'noarch', distro: 'rhel-9.4' }, path: 'var/lib/rpm/rpmdb.sqlite', layer: 1, licenses: ['MIT and BSD'], foundBy: 'rpm' }),
    pkg({ type: 'rpm', name: 'tzdata', version: '2024a-1.el9', purlNamespace: 'redhat', qualifiers: { arch: 'noarch', distro: 'rhel-9.4' }, path: 'var/lib/rpm/rpmdb.sqlite', layer: 1, licenses: ['LicenseRef-Fedora-Public-Domain'], foundBy: 'rpm' }),
    pkg({ type: 'npm', name: '@babel/core', version: '7.24.0', path: 'app/node_modules/@babel/core/package.json', layer: 2, licenses: ['{"type":"MIT","url":"https://opensource.org/licenses/MIT"}'], dependsOn: ['lodash', '@babel/types'], foundBy: 'npm-package-json' }),
    // The same lodash twice (hoisted and nested) and an older one under `legacy`.
    pkg({ type: 'npm', name: 'lodash', version: '4.17.21', path: 'app/node_modules/lodash/package.json', layer: 2, licenses: ['MIT'], foundBy: 'npm-package-json' }),
    pkg({ type: 'npm', name: 'lodash', version: '4.17.21', path: 'app/node_modules/@babel/core/node_modules/lodash/package.json', layer: 2, licenses: ['MIT'], foundBy: 'npm-package-json' }),
    pkg({ type: 'npm', name: 'lodash', version: '3.10.1', path: 'app/node_modules/legacy/node_modules/lodash/package.json', layer: 2, licenses: ['MIT'], foundBy: 'npm-package-json' }),
    pkg({ type: 'npm', name: 'legacy', version: '1.0.0', path: 'app/node_modules/legacy/package.json', layer: 2, licenses: ['SEE LICENSE IN LICENSE.md'], dependsOn: ['lodash'], foundBy: 'npm-package-json' }),
    pkg({ type: 'pypi', name: 'requests', version: '2.31.0', path: 'usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA', layer: 2, licenses: ['Apache 2.0'], dependsOn: ['charset_normalizer', 'urllib3', 'idna'], foundBy: 'python-dist-info' }),
    pkg({ type: 'pypi', name: 'charset-normalizer', version: '3.3.2', path: 'usr/lib/python3/dist-packages/charset_normalizer-3.3.2.dist-info/METADATA', layer: 2, licenses: ['License :: OSI Approved :: MIT License'], foundBy: 'python-dist-info' }),
    pkg({ type: 'pypi', name: 'urllib3', version: '2.2.1', path: 'usr/lib/python3/dist-packages/urllib3-2.2.1.dist-info/METADATA', layer: 2, licenses: ['see LICENSE', 'MIT'], foundBy: 'python-dist-info' }),
    pkg({ type: 'golang', name: 'github.com/sirupsen/logrus', version: 'v1.9.3', path: 'usr/local/bin/app', layer: 2, dependsOn: ['golang.org/x/sys'], metadata: { goVersion: 'go1.22.1', mainModule: false, nested: { x: 1 } }, foundBy: 'go-binary' }),
    pkg({ type: 'golang', name: 'golang.org/x/sys', version: 'v0.15.0', path: 'usr/local/bin/app', layer: 2, licenses: ['BSD-3-Clause'], foundBy: 'go-binary' }),
    pkg({ type: 'maven', name: 'org.apache.commons:commons-text', version: '1.10.0', path: 'app/lib/commons-text-1.10.0.jar', layer: 2, licenses: ['Apache License, Version 2.0'], dependsOn: ['org.apache.commons:commons-lang3'], foundBy: 'java-archive' }),
    pkg({ type: 'maven', namespace: 'org.apache.commons', name: 'commons-lang3', version: '3.12.0', path: 'app/lib/commons-lang3-3.12.0.jar', layer: 2, licenses: ['Apache-2.0'], foundBy: 'java-archive' }),
    pkg({ type: 'gem', name: 'rack', version: '3.0.8', path: 'usr/local/bundle/specifications/rack-3.0.8.gemspec', layer: 2, licenses: ['MIT'], foundBy: 'gemspec' }),
    // A dependency cycle nothing else reaches: still must hang off the root.
    pkg({ type: 'gem', name: 'cyc-a', version: '1.0.0', path: 'usr/local/bundle/specifications/cyc-a-1.0.0.gemspec', layer: 2, dependsOn: ['cyc-b'], foundBy: 'gemspec' }),
    pkg({ type: 'gem', name: 'cyc-b', version: '1.0.0', path: 'usr/local/bundle/specifications/cyc-b-1.0.0.gemspec', layer: 2, dependsOn: ['cyc-a'], foundBy: 'gemspec' }),
    pkg({ type: 'composer', name: 'monolog/monolog', version: '3.5.0', path: 'app/vendor/composer/installed.json', layer: 2, licenses: ['MIT'], dependsOn: ['psr/log'], foundBy: 'composer-installed' }),
    pkg({ type: 'composer', name: 'psr/log', version: '3.0.0', path: 'app/vendor/composer/installed.json', layer: 2, licenses: ['MIT'], foundBy: 'composer-installed' }),
    pkg({ type: 'cargo', name: 'serde', version: '1.0.195', path: 'usr/local/bin/app', layer: 2, licenses: ['MIT OR Apache-2.0'], foundBy: 'cargo-auditable' }),
    pkg({ type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.3', path: 'app/app.deps.json', layer: 2, licenses: ['MIT'], foundBy: 'dotnet-deps' }),
  ];
}

export function imageInput(overrides: Partial<SbomInput> = {}): SbomInput {
  return {
    subject: { kind: 'image', metadata: METADATA, layers: LAYERS },
    os: OS,
    packages: samplePackages(),
    createdAt: CREATED,
    serialNumber: SERIAL,
    documentNamespace: NAMESPACE,
    ...overrides,
  };
}

export function filesystemInput(): SbomInput {
  return {
    subject: { kind: 'filesystem', path: './project' },
    packages: samplePackages().filter((p) => !['deb', 'apk', 'rpm'].includes(p.type)).map((p) => ({ ...p, locations: p.locations.map((l) => ({ path: l.path })) })),
    createdAt: CREATED,
    serialNumber: SERIAL,
    documentNamespace: NAMESPACE,
  };
}

/** A deterministic shuffle (reverse plus rotate) to check the output does not depend on input order. */
export function reordered<T>(items: readonly T[]): T[] {
  const r = [...items].reverse();
  return [...r.slice(3), ...r.slice(0, 3)];
}
