import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import {
  IdAllocator,
  displayVersion,
  groupAndName,
  isoSeconds,
  parseImageName,
  resolveDependencies,
  sortPackages,
  subjectIdentity,
  topLevelPackages,
} from '../../src/sbom/document.js';
import { CONFIG_DIGEST, LAYERS, MANIFEST_DIGEST, METADATA, pkg, reordered, samplePackages } from './fixtures.js';

const DIGEST = `sha256:${'c3'.repeat(32)}`;

describe('parseImageName', () => {
  it('makes Docker Hub names explicit', () => {
    assert.deepEqual(parseImageName('debian:12'), { written: 'debian', qualified: 'docker.io/library/debian', tag: '12', digest: undefined });
    assert.deepEqual(parseImageName('acme/app'), { written: 'acme/app', qualified: 'docker.io/acme/app', tag: undefined, digest: undefined });
  });

  it('keeps registries, ports and digests', () => {
    assert.deepEqual(parseImageName(`ghcr.io/acme/api:1.2@${DIGEST}`), { written: 'ghcr.io/acme/api', qualified: 'ghcr.io/acme/api', tag: '1.2', digest: DIGEST });
    assert.deepEqual(parseImageName('localhost:5000/x'), { written: 'localhost:5000/x', qualified: 'localhost:5000/x', tag: undefined, digest: undefined });
  });

  it('rejects paths and malformed references', () => {
    assert.equal(parseImageName('./app.tar'), undefined);
    assert.equal(parseImageName('/tmp/rootfs'), undefined);
    assert.equal(parseImageName('Upper/Case'), undefined);
    assert.equal(parseImageName('debian@sha256:short'), undefined);
  });
});

describe('subjectIdentity', () => {
  it('names an image after its first tag and builds an oci purl from the manifest digest', () => {
    const id = subjectIdentity({ kind: 'image', metadata: METADATA, layers: LAYERS });
    assert.equal(id.name, 'docker.io/acme/app');
    assert.equal(id.version, '1.4.2');
    assert.equal(id.displayName, 'docker.io/acme/app:1.4.2');
    assert.equal(id.digest, MANIFEST_DIGEST);
    const purl = PackageURL.fromString(id.purl ?? '');
    assert.equal(purl.type, 'oci');
    assert.equal(purl.name, 'app');
    assert.equal(purl.version, MANIFEST_DIGEST);
    assert.deepEqual({ ...purl.qualifiers }, { arch: 'amd64', repository_url: 'docker.io/acme/app', tag: '1.4.2' });
  });

  it('uses the path for an untagged archive and the config digest when there is no manifest', () => {
    const id = subjectIdentity({
      kind: 'image',
      metadata: { ...METADATA, reference: './build/app.tar', sourceKind: 'docker-archive', manifestDigest: undefined, repoTags: [], repoDigests: [] },
      layers: [],
    });
    assert.equal(id.name, './build/app.tar');
    assert.equal(id.version, CONFIG_DIGEST);
    assert.equal(id.repository, undefined);
    const purl = PackageURL.fromString(id.purl ?? '');
    assert.equal(purl.name, 'app');
    assert.equal(purl.qualifiers?.repository_url, undefined);
  });

  it('reads a bare OCI ref.name as a tag, not a repository', () => {
    const id = subjectIdentity({
      kind: 'image',
      metadata: { ...METADATA, reference: 'oci:./layout:1.0', sourceKind: 'oci-layout', repoTags: ['1.0'], repoDigests: [] },
      layers: [],
    });
    assert.equal(id.tag, '1.0');
    assert.equal(id.version, '1.0');
    assert.equal(id.repository, undefined);
  });

  it('has no purl without any digest (a plain rootfs)', () => {
    const id = subjectIdentity({
      kind: 'image',
      metadata: { ...METADATA, reference: '/mnt/rootfs', sourceKind: 'rootfs', configDigest: undefined, manifestDigest: undefined, repoTags: [], repoDigests: [] },
      layers: [],
    });
    assert.equal(id.purl, undefined);
    assert.equal(id.version, undefined);
    assert.equal(id.displayName, '/mnt/rootfs');
  });

  it('describes a filesystem by its path', () => {
    assert.deepEqual(subjectIdentity({ kind: 'filesystem', path: './src' }), { kind: 'filesystem', name: './src', displayName: './src' });
  });
});

describe('package helpers', () => {
  it('splits groups per ecosystem and keeps Go module paths whole', () => {
    const base = { version: '1', purl: '', licenses: [], locations: [], foundBy: 't' };
    assert.deepEqual(groupAndName({ ...base, type: 'npm', name: '@babel/core' }), { group: '@babel', name: 'core' });
    assert.deepEqual(groupAndName({ ...base, type: 'npm', namespace: 'babel', name: 'core' }), { group: '@babel', name: 'core' });
    assert.deepEqual(groupAndName({ ...base, type: 'npm', name: 'lodash' }), { name: 'lodash' });
    assert.deepEqual(groupAndName({ ...base, type: 'maven', name: 'org.apache.commons:commons-text' }), { group: 'org.apache.commons', name: 'commons-text' });
    assert.deepEqual(groupAndName({ ...base, type: 'maven', namespace: 'org.x', name: 'y' }), { group: 'org.x', name: 'y' });
    assert.deepEqual(groupAndName({ ...base, type: 'composer', name: 'monolog/monolog' }), { group: 'monolog', name: 'monolog' });
    assert.deepEqual(groupAndName({ ...base, type: 'golang', name: 'github.com/x/y/v2' }), { name: 'github.com/x/y/v2' });
    assert.deepEqual(groupAndName({ ...base, type: 'golang', namespace: 'github.com/x', name: 'y' }), { name: 'github.com/x/y' });
    assert.deepEqual(groupAndName({ ...base, type: 'deb', namespace: 'debian', name: 'libc6' }), { name: 'libc6' });
  });

  it('puts an rpm epoch back in front of the version, once', () => {
    const base = { type: 'rpm' as const, name: 'x', purl: '', licenses: [], locations: [], foundBy: 't' };
    assert.equal(displayVersion({ ...base, version: '3.0.7-27.el9', epoch: 1 }), '1:3.0.7-27.el9');
    assert.equal(displayVersion({ ...base, version: '3.0.7-27.el9', epoch: 0 }), '3.0.7-27.el9');
    assert.equal(displayVersion({ ...base, version: '1:12.2.0-14', epoch: 1 }), '1:12.2.0-14');
  });

  it('orders packages the same whatever order they arrive in', () => {
    const packages = samplePackages();
    assert.deepEqual(sortPackages(reordered(packages)), sortPackages(packages));
    assert.notDeepEqual(reordered(packages), packages);
  });

  it('formats timestamps with second precision', () => {
    assert.equal(isoSeconds(new Date('2024-05-01T12:34:56.789Z')), '2024-05-01T12:34:56Z');
  });

  it('IdAllocator never hands out the same id twice', () => {
    const ids = new IdAllocator();
    ids.reserve('a');
    assert.equal(ids.allocate(['a', 'b']), 'b');
    assert.equal(ids.allocate(['b']), 'b-2');
    assert.equal(ids.allocate(['b']), 'b-3');
  });
});

describe('resolveDependencies', () => {
  it('resolves within the ecosystem, normalising pypi names and dpkg architecture qualifiers', () => {
    const packages = [
      pkg({ type: 'pypi', name: 'requests', version: '1', path: 'a', dependsOn: ['Charset_Normalizer', 'missing'] }),
      pkg({ type: 'pypi', name: 'charset-normalizer', version: '1', path: 'b' }),
      pkg({ type: 'npm', name: 'charset-normalizer', version: '1', path: 'c' }),
      pkg({ type: 'deb', name: 'bash', version: '1', path: 'd', dependsOn: ['libc6:amd64', 'bash'] }),
      pkg({ type: 'deb', name: 'libc6', version: '1', path: 'd' }),
    ];
    assert.deepEqual(resolveDependencies(packages), [[1], [], [], [4], []]);
  });

  it('picks the copy nearest to the dependent, as node_modules resolution does', () => {
    const packages = [
      pkg({ type: 'npm', name: 'a', version: '1', path: 'app/node_modules/a/package.json', dependsOn: ['x'] }),
      pkg({ type: 'npm', name: 'x', version: '2', path: 'app/node_modules/x/package.json' }),
      pkg({ type: 'npm', name: 'x', version: '1', path: 'app/node_modules/a/node_modules/x/package.json' }),
      pkg({ type: 'npm', name: 'b', version: '1', path: 'app/node_modules/b/package.json', dependsOn: ['x'] }),
      pkg({ type: 'npm', name: 'x', version: '3', path: 'app/node_modules/c/node_modules/x/package.json' }),
    ];
    // a → its nested x; b → the hoisted x (shorter path wins a tie over c's nested copy).
    assert.deepEqual(resolveDependencies(packages), [[2], [], [], [1], []]);
  });

  it('hangs every package off the root, including unreachable cycles', () => {
    // 0 → 1 → 0 is reached through 2; 3 ↔ 4 is reached by nothing.
    const top = topLevelPackages([[1], [0], [0], [4], [3], []]);
    assert.deepEqual(top, [2, 3, 5]);
  });
});
