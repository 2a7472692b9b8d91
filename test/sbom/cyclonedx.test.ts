import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import spdxParse from 'spdx-expression-parse';
import type { Finding } from '../../src/findings/types.js';
import { buildCycloneDx, cdxLicenses, renderCycloneDx, type CdxBom, type CdxComponent } from '../../src/sbom/cyclonedx.js';
import { TOOL_NAME, TOOL_VERSION } from '../../src/version.js';
import { CONFIG_DIGEST, LAYERS, MANIFEST_DIGEST, METADATA, SERIAL, filesystemInput, imageInput, pkg, reordered } from './fixtures.js';
import { assertValid, cyclonedxValidator } from './schemas.js';

const validate = cyclonedxValidator();
const bom = buildCycloneDx(imageInput());

function allComponents(b: CdxBom): CdxComponent[] {
  return [b.metadata.component, ...b.components];
}

function byPurl(b: CdxBom, purl: string): CdxComponent[] {
  return b.components.filter((c) => c.purl === purl);
}

function one(b: CdxBom, predicate: (c: CdxComponent) => boolean): CdxComponent {
  const found = b.components.filter(predicate);
  assert.equal(found.length, 1, `expected one component, got ${found.length}`);
  return found[0];
}

function props(c: CdxComponent, name: string): string[] {
  return (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
}

describe('CycloneDX: schema', () => {
  it('validates an image BOM against the official CycloneDX 1.6 schema', () => {
    assertValid(validate, bom);
  });

  it('validates a filesystem BOM, a BOM without OS and an empty one', () => {
    assertValid(validate, buildCycloneDx(filesystemInput()));
    assertValid(validate, buildCycloneDx(imageInput({ os: undefined })));
    assertValid(validate, buildCycloneDx(imageInput({ os: undefined, packages: [] })));
  });

  it('is rejected by the validator when broken (the check has teeth)', () => {
    const broken = structuredClone(bom) as unknown as { components: Array<Record<string, unknown>> };
    broken.components[1].licenses = [{ license: { id: 'Not-A-License' } }];
    assert.equal(validate(broken), false);
  });
});

describe('CycloneDX: document', () => {
  it('has the fixed header, the injected serial and a second-precision timestamp', () => {
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
    assert.equal(bom.version, 1);
    assert.equal(bom.serialNumber, SERIAL);
    assert.equal(bom.metadata.timestamp, '2024-05-01T12:34:56Z');
    assert.deepEqual(bom.metadata.tools.components, [{ type: 'application', name: TOOL_NAME, version: TOOL_VERSION }]);
  });

  it('makes up a random urn:uuid serial when none is given', () => {
    const a = buildCycloneDx(imageInput({ serialNumber: undefined })).serialNumber;
    const b = buildCycloneDx(imageInput({ serialNumber: undefined })).serialNumber;
    assert.match(a, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
  });

  it('accepts a bare UUID and refuses anything else as serial', () => {
    assert.equal(buildCycloneDx(imageInput({ serialNumber: SERIAL.slice('urn:uuid:'.length).toUpperCase() })).serialNumber, SERIAL);
    assert.throws(() => buildCycloneDx(imageInput({ serialNumber: 'build-42' })), /serialNumber/);
  });

  it('is deterministic: same input, same bytes, whatever the package order', () => {
    const text = renderCycloneDx(imageInput());
    assert.equal(renderCycloneDx(imageInput()), text);
    assert.equal(renderCycloneDx(imageInput({ packages: reordered(imageInput().packages) })), text);
    assert.ok(text.endsWith('}\n'));
  });
});

describe('CycloneDX: the image as root component', () => {
  const root = bom.metadata.component;

  it('is a container named after the repository, versioned by tag', () => {
    assert.equal(root.type, 'container');
    assert.equal(root.name, 'docker.io/acme/app');
    assert.equal(root.version, '1.4.2');
    assert.deepEqual(bom.metadata.lifecycles, [{ phase: 'post-build' }]);
  });

  it('carries the oci purl, the config digest as hash, tags, digests, platform and OS', () => {
    const purl = PackageURL.fromString(root.purl ?? '');
    assert.equal(purl.type, 'oci');
    assert.equal(purl.version, MANIFEST_DIGEST);
    assert.equal(purl.qualifiers?.repository_url, 'docker.io/acme/app');
    assert.equal(purl.qualifiers?.tag, '1.4.2');
    assert.equal(root['bom-ref'], root.purl);
    assert.deepEqual(root.hashes, [{ alg: 'SHA-256', content: CONFIG_DIGEST.slice('sha256:'.length) }]);
    assert.deepEqual(props(root, 'leftshift:image:id'), [CONFIG_DIGEST]);
    assert.deepEqual(props(root, 'leftshift:image:manifestDigest'), [MANIFEST_DIGEST]);
    assert.deepEqual(props(root, 'leftshift:image:tag'), METADATA.repoTags);
    assert.deepEqual(props(root, 'leftshift:image:repoDigest'), METADATA.repoDigests);
    assert.deepEqual(props(root, 'leftshift:image:platform:os'), ['linux']);
    assert.deepEqual(props(root, 'leftshift:image:platform:architecture'), ['amd64']);
    assert.deepEqual(props(root, 'leftshift:image:os:family'), ['debian']);
    assert.deepEqual(props(root, 'leftshift:image:os:version'), ['12']);
    assert.deepEqual(props(root, 'leftshift:image:layer:diffID'), LAYERS.map((l) => l.diffID));
    assert.ok(props(root, 'leftshift:image:label').includes('org.opencontainers.image.source=https://github.com/acme/app'));
  });

  it('lists the OS as an operating-system component the root depends on', () => {
    const os = one(bom, (c) => c.type === 'operating-system');
    assert.equal(os.name, 'debian');
    assert.equal(os.version, '12');
    assert.equal(os.description, 'Debian GNU/Linux 12 (bookworm)');
    assert.deepEqual(os.evidence, { occurrences: [{ location: 'etc/os-release' }] });
    const rootDeps = bom.dependencies.find((d) => d.ref === root['bom-ref']);
    assert.ok(rootDeps?.dependsOn.includes(os['bom-ref']));
  });

  it('roots a filesystem scan at an application named after the path', () => {
    const fs = buildCycloneDx(filesystemInput());
    assert.equal(fs.metadata.component.type, 'application');
    assert.equal(fs.metadata.component.name, './project');
    assert.equal(fs.metadata.lifecycles, undefined);
    assert.equal(fs.components.some((c) => c.type === 'operating-system'), false);
  });
});

describe('CycloneDX: components', () => {
  it('has unique bom-refs, and each package becomes one library component', () => {
    const refs = allComponents(bom).map((c) => c['bom-ref']);
    assert.equal(new Set(refs).size, refs.length);
    const libraries = bom.components.filter((c) => c.type === 'library');
    assert.equal(libraries.length, imageInput().packages.length);
  });

  it('has purls that round-trip through packageurl-js', () => {
    for (const c of allComponents(bom)) {
      if (!c.purl) continue;
      assert.equal(PackageURL.fromString(c.purl).toString(), c.purl);
    }
  });

  it('tells copies of one package apart by location and keeps unique purls as refs', () => {
    const copies = byPurl(bom, 'pkg:npm/lodash@4.17.21');
    assert.deepEqual(copies.map((c) => c['bom-ref']).sort(), [
      'pkg:npm/lodash@4.17.21|app/node_modules/@babel/core/node_modules/lodash/package.json',
      'pkg:npm/lodash@4.17.21|app/node_modules/lodash/package.json',
    ]);
    const older = one(bom, (c) => c.purl === 'pkg:npm/lodash@3.10.1');
    assert.equal(older['bom-ref'], 'pkg:npm/lodash@3.10.1');
  });

  it('splits groups: npm scope, Maven group, composer vendor; Go paths stay whole', () => {
    const babel = one(bom, (c) => c.purl === 'pkg:npm/%40babel/core@7.24.0');
    assert.deepEqual([babel.group, babel.name], ['@babel', 'core']);
    const text = one(bom, (c) => c.purl === 'pkg:maven/org.apache.commons/commons-text@1.10.0');
    assert.deepEqual([text.group, text.name], ['org.apache.commons', 'commons-text']);
    const monolog = one(bom, (c) => c.purl === 'pkg:composer/monolog/monolog@3.5.0');
    assert.deepEqual([monolog.group, monolog.name], ['monolog', 'monolog']);
    const logrus = one(bom, (c) => c.purl === 'pkg:golang/github.com/sirupsen/logrus@v1.9.3');
    assert.deepEqual([logrus.group, logrus.name], [undefined, 'github.com/sirupsen/logrus']);
  });

  it('records distro details: source package, arch, layer and location evidence', () => {
    const libc = one(bom, (c) => c.name === 'libc6');
    assert.equal(libc.version, '2.36-9+deb12u4');
    assert.deepEqual(props(libc, 'leftshift:package:type'), ['deb']);
    assert.deepEqual(props(libc, 'leftshift:package:source:name'), ['glibc']);
    assert.deepEqual(props(libc, 'leftshift:package:source:version'), ['2.36-9+deb12u4']);
    assert.deepEqual(props(libc, 'leftshift:package:arch'), ['amd64']);
    assert.deepEqual(props(libc, 'leftshift:location:path'), ['var/lib/dpkg/status']);
    assert.deepEqual(props(libc, 'leftshift:location:layer:diffID'), [LAYERS[0].diffID]);
    assert.deepEqual(props(libc, 'leftshift:location:layer:index'), ['0']);
    assert.deepEqual(libc.evidence, { occurrences: [{ location: 'var/lib/dpkg/status' }] });
  });

  it('shows an rpm epoch in the version and as a property; a dpkg epoch stays as written', () => {
    const openssl = one(bom, (c) => c.name === 'openssl-libs');
    assert.equal(openssl.version, '1:3.0.7-27.el9');
    assert.deepEqual(props(openssl, 'leftshift:package:epoch'), ['1']);
    assert.equal(one(bom, (c) => c.name === 'libgcc-s1').version, '1:12.2.0-14');
  });

  it('keeps scalar metadata as properties and drops nested values', () => {
    const logrus = one(bom, (c) => c.name === 'github.com/sirupsen/logrus');
    assert.deepEqual(props(logrus, 'leftshift:package:metadata:goVersion'), ['go1.22.1']);
    assert.deepEqual(props(logrus, 'leftshift:package:metadata:mainModule'), ['false']);
    assert.deepEqual(props(logrus, 'leftshift:package:metadata:nested'), []);
  });

  it('still gives a package without purl a unique ref, and omits the purl', () => {
    const noPurl = { ...pkg({ type: 'gem', name: 'odd', version: '0.1', path: 'x.gemspec' }), purl: '' };
    const b = buildCycloneDx(imageInput({ packages: [noPurl, { ...noPurl, locations: [{ path: 'y.gemspec' }] }] }));
    assertValid(validate, b);
    const odd = b.components.filter((c) => c.name === 'odd');
    assert.deepEqual(odd.map((c) => c['bom-ref']), ['leftshift:package:gem/odd@0.1|x.gemspec', 'leftshift:package:gem/odd@0.1|y.gemspec']);
    assert.ok(odd.every((c) => c.purl === undefined));
  });

  it('records every location of a package found in several places', () => {
    const multi = pkg({ type: 'npm', name: 'x', version: '1', path: 'a/package.json', layer: 1 });
    multi.locations.push({ path: 'b/package.json', layer: LAYERS[2] });
    const c = buildCycloneDx(imageInput({ packages: [multi] })).components.find((x) => x.name === 'x');
    assert.deepEqual(c?.evidence, { occurrences: [{ location: 'a/package.json' }, { location: 'b/package.json' }] });
    assert.deepEqual(props(c as CdxComponent, 'leftshift:location:layer:index'), ['1', '2']);
  });
});

describe('CycloneDX: licenses', () => {
  it('uses one SPDX expression when everything parses', () => {
    assert.deepEqual(one(bom, (c) => c.name === 'libc6').licenses, [{ expression: 'GPL-2.0-or-later AND LGPL-2.1-or-later' }]);
    assert.deepEqual(one(bom, (c) => c.name === 'serde').licenses, [{ expression: 'MIT OR Apache-2.0' }]);
    assert.deepEqual(one(bom, (c) => c.name === 'openssl-libs').licenses, [{ expression: 'Apache-2.0' }]);
    assert.deepEqual(one(bom, (c) => c.name === 'core').licenses, [{ expression: 'MIT' }]);
  });

  it('falls back to ids plus named licenses, and names for free text', () => {
    assert.deepEqual(one(bom, (c) => c.name === 'urllib3').licenses, [{ license: { id: 'MIT' } }, { license: { name: 'see LICENSE' } }]);
    assert.deepEqual(one(bom, (c) => c.name === 'ncurses-base').licenses, [{ license: { name: 'MIT and BSD' } }]);
    assert.deepEqual(cdxLicenses(['MIT OR Apache-2.0', 'see LICENSE']), [{ license: { name: 'MIT OR Apache-2.0' } }, { license: { name: 'see LICENSE' } }]);
    assert.equal(cdxLicenses([]), undefined);
    assert.equal(one(bom, (c) => c.name === 'cyc-a').licenses, undefined);
  });

  it('writes only expressions that spdx-expression-parse accepts', () => {
    let expressions = 0;
    for (const c of bom.components) {
      for (const l of c.licenses ?? []) {
        if ('expression' in l) {
          expressions++;
          assert.doesNotThrow(() => spdxParse(l.expression), l.expression);
        }
      }
    }
    assert.ok(expressions > 10);
  });
});

describe('CycloneDX: dependencies', () => {
  const refs = new Set(allComponents(bom).map((c) => c['bom-ref']));
  const graph = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn]));
  const refOf = (name: string, version?: string): string =>
    one(bom, (c) => c.name === name && (version === undefined || c.version === version))['bom-ref'];

  it('gives every component exactly one entry and points only at existing refs', () => {
    assert.equal(bom.dependencies.length, refs.size);
    assert.deepEqual(new Set(graph.keys()), refs);
    for (const d of bom.dependencies) for (const t of d.dependsOn) assert.ok(refs.has(t), `${d.ref} → ${t}`);
  });

  it('reaches every component from the root', () => {
    const seen = new Set<string>();
    const stack = [bom.metadata.component['bom-ref']];
    while (stack.length > 0) {
      const ref = stack.pop() as string;
      if (seen.has(ref)) continue;
      seen.add(ref);
      stack.push(...(graph.get(ref) ?? []));
    }
    assert.deepEqual(seen, refs);
  });

  it('resolves dependsOn names within the ecosystem, to the nearest copy', () => {
    assert.deepEqual(graph.get(refOf('legacy')), [refOf('lodash', '3.10.1')]);
    assert.deepEqual(graph.get(refOf('core')), ['pkg:npm/lodash@4.17.21|app/node_modules/@babel/core/node_modules/lodash/package.json']);
    assert.deepEqual(graph.get(refOf('requests')), [refOf('charset-normalizer'), refOf('urllib3')]);
    assert.deepEqual(graph.get(refOf('commons-text')), [refOf('commons-lang3')]);
    assert.deepEqual(graph.get(refOf('libgcc-s1')), [refOf('gcc-12-base'), refOf('libc6')]);
    assert.deepEqual(graph.get(refOf('busybox')), [refOf('musl')]);
  });

  it('roots the OS and packages nothing depends on, plus one member of an isolated cycle', () => {
    const rootDeps = new Set(graph.get(bom.metadata.component['bom-ref']));
    for (const name of ['bash', 'legacy', 'requests', 'serde', 'cyc-a']) assert.ok(rootDeps.has(refOf(name)), name);
    for (const name of ['libc6', 'musl', 'urllib3', 'commons-lang3', 'cyc-b']) assert.ok(!rootDeps.has(refOf(name)), name);
  });
});

describe('CycloneDX: vulnerabilities hook', () => {
  const finding: Finding = {
    ruleId: 'CVE-2021-23337',
    kind: 'vulnerability',
    severity: 'HIGH',
    title: 'Command injection in lodash',
    message: 'lodash 4.17.21 is affected',
    aliases: ['GHSA-35jh-r3h4-6jhm'],
    location: { path: 'app/node_modules/lodash/package.json', package: { name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' } },
    remediation: 'Upgrade lodash',
  };

  it('has no vulnerabilities section unless a builder is given', () => {
    assert.equal('vulnerabilities' in bom, false);
  });

  it('hands the builder the findings and a purl → bom-refs lookup; the result validates', () => {
    let seen: readonly Finding[] = [];
    const withVulns = buildCycloneDx(imageInput(), {
      vulnerabilities: {
        findings: [finding],
        build: (findings, refs) => {
          seen = findings;
          return findings.map((f) => ({
            id: f.ruleId,
            ratings: [{ severity: 'high' as const }],
            affects: refs.byPurl(f.location.package?.purl ?? '').map((ref) => ({ ref })),
          }));
        },
      },
    });
    assert.deepEqual(seen, [finding]);
    assert.equal(withVulns.vulnerabilities?.[0].affects.length, 2);
    assertValid(validate, withVulns);
  });
});
