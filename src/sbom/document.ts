/**
 * The input every SBOM writer takes, and the facts both writers derive from it the same way
 * (the image's identity, a stable package order, the dependency graph), so a CycloneDX and an
 * SPDX document of one scan always agree with each other.
 */
import { createHash } from 'node:crypto';
import type { LayerRef } from '../image/fs-types.js';
import type { ImageMetadata } from '../image/types.js';
import type { OSInfo, Package } from './package.js';
import { buildPurl } from './purl.js';

export type SbomSubject =
  | { kind: 'image'; metadata: ImageMetadata; layers: LayerRef[] }
  | { kind: 'filesystem'; path: string };

export interface SbomInput {
  subject: SbomSubject;
  os?: OSInfo;
  packages: Package[];
  /** When the scan ran; written with second precision (SPDX requires it, CycloneDX allows it). */
  createdAt: Date;
  /** CycloneDX `serialNumber` (`urn:uuid:…` or a bare UUID); random when absent. Set for reproducible output. */
  serialNumber?: string;
  /** SPDX `documentNamespace` (an absolute URI); a unique one is made up when absent. Set for reproducible output. */
  documentNamespace?: string;
}

/** One SBOM output format. Adding a format: one file exporting one of these, one line in index.ts. */
export interface SbomFormat {
  /** The `--format` value, lower case. */
  name: string;
  /** Other accepted spellings. */
  aliases: string[];
  /** One line for `--help`. */
  description: string;
  mediaType: string;
  /** Without the leading dot. */
  fileExtension: string;
  /** Pure: the document as text, ending with a newline. */
  render(input: SbomInput): string;
}

/** What an SBOM says about the thing it describes. */
export interface SubjectIdentity {
  kind: 'image' | 'filesystem';
  /** Component / package name: the repository as the user wrote it (`debian`, `ghcr.io/acme/api`), or the path. */
  name: string;
  /** The tag, else the digest. */
  version?: string;
  /** `name:tag`, `name@digest` or the path: the document's title. */
  displayName: string;
  /** Fully qualified repository (`docker.io/library/debian`), when the image has a name. */
  repository?: string;
  tag?: string;
  /** Manifest digest when the source has one (what a registry resolves), else the config digest (image ID). */
  digest?: string;
  /** `pkg:oci/…` per the purl spec's oci type, when a digest is known. */
  purl?: string;
}

/** Second-precision UTC timestamp (`2024-05-01T12:00:00Z`), the form SPDX 2.3 mandates. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<64 hex>` → the hex part, else undefined. */
export function sha256Of(digest: string | undefined): string | undefined {
  return digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest.slice('sha256:'.length) : undefined;
}

interface ImageName {
  /** As written, without tag or digest. */
  written: string;
  /** With the registry and Docker Hub's `library/` made explicit. */
  qualified: string;
  tag?: string;
  digest?: string;
}

// Docker reference grammar, simplified: optional registry host[:port], then lower-case path components.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?';
const REPOSITORY = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*$`);

/** `ghcr.io/acme/api:1.2`, `debian@sha256:…`, `localhost:5000/x` → parts; undefined when it is not an image name. */
export function parseImageName(reference: string): ImageName | undefined {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    digest = rest.slice(at + 1);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return undefined;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
    rest = rest.slice(0, colon);
  }
  if (!REPOSITORY.test(rest)) return undefined;
  const [first, ...others] = rest.split('/');
  const hasHost = others.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let qualified = rest;
  if (!hasHost) qualified = others.length === 0 ? `docker.io/library/${rest}` : `docker.io/${rest}`;
  return { written: rest, qualified, tag, digest };
}

/** Sources whose reference is a path, not an image name. */
const PATH_SOURCES = new Set(['docker-archive', 'oci-layout', 'oci-archive', 'rootfs']);

export function subjectIdentity(subject: SbomSubject): SubjectIdentity {
  if (subject.kind === 'filesystem') return { kind: 'filesystem', name: subject.path, displayName: subject.path };
  const meta = subject.metadata;
  // Prefer names the image records over the reference, which may be a file path. An OCI layout's
  // `ref.name` is often a bare tag (`1.0`); such a tag names no repository, only a version.
  let named: ImageName | undefined;
  let bareTag: string | undefined;
  for (const tag of meta.repoTags) {
    if (!tag.includes(':') && !tag.includes('/') && PATH_SOURCES.has(meta.sourceKind)) {
      bareTag ??= tag;
      continue;
    }
    named = parseImageName(tag);
    if (named) break;
  }
  named ??= meta.repoDigests.map(parseImageName).find((n) => n !== undefined);
  if (!named && !PATH_SOURCES.has(meta.sourceKind)) named = parseImageName(meta.reference);
  const digest = meta.manifestDigest ?? named?.digest ?? meta.configDigest;
  const tag = named?.tag ?? bareTag;
  const name = named?.written ?? meta.reference;
  const version = tag ?? digest;
  const displayName = tag ? `${name}:${tag}` : digest ? `${name}@${digest}` : name;
  const identity: SubjectIdentity = { kind: 'image', name, version, displayName, tag, digest, repository: named?.qualified };
  if (digest) {
    // purl oci type: the name is the last path segment, the version the digest; the repository and
    // tag go into qualifiers. Without a repository the reference's last path segment names it.
    const purlName = (named?.qualified ?? meta.reference).split('/').filter(Boolean).pop()?.replace(/\.tar$/i, '') || 'image';
    identity.purl = buildPurl({
      type: 'oci',
      name: purlName.toLowerCase(),
      version: digest,
      qualifiers: { repository_url: named?.qualified, tag, arch: meta.platform?.architecture },
    });
  }
  return identity;
}

function compareStrings(a: string, b: string): number {
  // Code-unit order, not localeCompare: the output must not depend on the machine's locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable key of a package's identity, used to order packages independently of cataloger order. */
function sortKey(pkg: Package): string[] {
  const first = pkg.locations[0];
  return [pkg.purl || `${pkg.type}/${pkg.name}@${pkg.version}`, first?.path ?? '', String(first?.layer?.index ?? -1).padStart(6, '0'), pkg.foundBy];
}

/** Packages in a deterministic order (catalogers may run concurrently and report in any order). */
export function sortPackages(packages: readonly Package[]): Package[] {
  const keyed = packages.map((pkg) => ({ pkg, key: sortKey(pkg) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareStrings(a.key[i], b.key[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.pkg);
}

/** The version as the ecosystem writes it; an rpm epoch kept outside `version` is put back in front. */
export function displayVersion(pkg: Package): string {
  if (pkg.epoch !== undefined && pkg.epoch !== 0 && !pkg.version.includes(':')) return `${pkg.epoch}:${pkg.version}`;
  return pkg.version;
}

/**
 * Group and name for a component. Ecosystems with a real namespace get it as the group:
 * npm `@scope/name` → group `@scope` (the `@` kept, as npm writes it), Maven `group:artifact`,
 * composer `vendor/package`. A Go module path is one identity (`github.com/x/y/v2`): splitting it
 * would invent a boundary the ecosystem does not have, so it stays whole in the name. Distro
 * packages have no group: the distribution is in the purl, not in the package's identity.
 */
export function groupAndName(pkg: Package): { group?: string; name: string } {
  const { type, namespace, name } = pkg;
  switch (type) {
    case 'npm': {
      if (namespace) return { group: namespace.startsWith('@') ? namespace : `@${namespace}`, name };
      const slash = name.indexOf('/');
      return name.startsWith('@') && slash > 1 ? { group: name.slice(0, slash), name: name.slice(slash + 1) } : { name };
    }
    case 'maven':
    case 'composer': {
      if (namespace) return { group: namespace, name };
      const sep = name.indexOf(type === 'maven' ? ':' : '/');
      return sep > 0 ? { group: name.slice(0, sep), name: name.slice(sep + 1) } : { name };
    }
    case 'golang':
      return { name: namespace ? `${namespace}/${name}` : name };
    default:
      return { name };
  }
}

/** How a `dependsOn` entry and a package name are compared within one ecosystem. */
function dependencyName(type: Package['type'], name: string): string {
  switch (type) {
    case 'pypi':
      // PEP 503: case-insensitive, runs of `-`, `_`, `.` are equivalent.
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'deb':
      // dpkg relations may carry an architecture qualifier (`python3:any`, `libc6:amd64`).
      return name.replace(/:[a-z0-9-]+$/, '');
    case 'composer':
    case 'nuget':
      return name.toLowerCase();
    default:
      return name;
  }
}

/** The name as the ecosystem writes it, namespace included (`@scope/x`, `group:artifact`, `vendor/pkg`). */
export function fullName(pkg: Package): string {
  if (!pkg.namespace) return pkg.name;
  if (pkg.type === 'maven') return `${pkg.namespace}:${pkg.name}`;
  if (pkg.type === 'npm' || pkg.type === 'composer' || pkg.type === 'golang') return `${pkg.namespace}/${pkg.name}`;
  return pkg.name;
}

function commonPrefixSegments(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/**
 * The dependency graph as indices into `packages`: `dependsOn` names resolved within the same
 * ecosystem. When a name has several candidates (two copies of a library in different
 * node_modules), the one nearest to the dependent wins, the way module resolution walks up from
 * the dependent: most shared leading path segments, then the shortest path, then input order.
 * Names nothing in the scan provides are dropped; a graph can only point at what it contains.
 */
export function resolveDependencies(packages: readonly Package[]): number[][] {
  const byName = new Map<string, number[]>();
  packages.forEach((pkg, i) => {
    const key = `${pkg.type}\u0000${dependencyName(pkg.type, fullName(pkg))}`;
    const list = byName.get(key);
    if (list) list.push(i);
    else byName.set(key, [i]);
  });
  return packages.map((pkg, i) => {
    const from = pkg.locations[0]?.path ?? '';
    const targets = new Set<number>();
    for (const dep of pkg.dependsOn ?? []) {
      const candidates = (byName.get(`${pkg.type}\u0000${dependencyName(pkg.type, dep)}`) ?? []).filter((c) => c !== i);
      let best: number | undefined;
      let bestScore: [number, number] = [-1, 0];
      for (const c of candidates) {
        const path = packages[c].locations[0]?.path ?? '';
        const score: [number, number] = [commonPrefixSegments(from, path), -path.length];
        if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
          best = c;
          bestScore = score;
        }
      }
      if (best !== undefined) targets.add(best);
    }
    return [...targets].sort((a, b) => a - b);
  });
}

/**
 * What the root depends on directly: packages nothing else depends on, plus one member of every
 * dependency cycle that nothing outside it reaches (`a → b → a`), so every package hangs off the root.
 */
export function topLevelPackages(dependencies: readonly number[][]): number[] {
  const hasDependent = new Array<boolean>(dependencies.length).fill(false);
  for (const targets of dependencies) for (const t of targets) hasDependent[t] = true;
  const top: number[] = [];
  const reached = new Array<boolean>(dependencies.length).fill(false);
  const reach = (start: number): void => {
    const stack = [start];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (reached[n]) continue;
      reached[n] = true;
      stack.push(...dependencies[n]);
    }
  };
  dependencies.forEach((_, i) => {
    if (!hasDependent[i]) {
      top.push(i);
      reach(i);
    }
  });
  dependencies.forEach((_, i) => {
    if (!reached[i]) {
      top.push(i);
      reach(i);
    }
  });
  return top.sort((a, b) => a - b);
}

/** Hands out identifiers, making each unique by trying the given candidates in turn, then numbering. */
export class IdAllocator {
  private readonly used = new Set<string>();

  /** Marks an identifier as taken without handing it out (ids the input already uses). */
  reserve(id: string): void {
    this.used.add(id);
  }

  allocate(candidates: readonly string[]): string {
    for (const c of candidates) {
      if (!this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
    const base = candidates[candidates.length - 1];
    for (let n = 2; ; n++) {
      const c = `${base}-${n}`;
      if (!this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
  }
}

/** A short, stable hash of where a package was found, to tell identical packages apart. */
export function locationHash(pkg: Package): string {
  const where = pkg.locations.map((l) => `${l.path}\u0000${l.layer?.diffID ?? ''}`).join('\u0001');
  return sha256Hex(`${where}\u0002${pkg.foundBy}`).slice(0, 8);
}
