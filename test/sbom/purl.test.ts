import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PackageURL } from 'packageurl-js';
import { buildPurl } from '../../src/sbom/purl.js';

// Expected strings are written from the purl specification's rules (PURL-SPECIFICATION.rst and
// PURL-TYPES.rst): type-specific namespaces, percent-encoding, sorted qualifiers.
describe('buildPurl', () => {
  it('keeps a Debian epoch in the version and sorts qualifiers', () => {
    assert.equal(
      buildPurl({ type: 'deb', namespace: 'debian', name: 'bsdutils', version: '1:2.38.1-5+deb12u3', qualifiers: { distro: 'debian-12', arch: 'amd64' } }),
      'pkg:deb/debian/bsdutils@1:2.38.1-5+deb12u3?arch=amd64&distro=debian-12',
    );
  });

  it('splits an npm scope into the namespace and percent-encodes the @', () => {
    assert.equal(buildPurl({ type: 'npm', name: '@babel/core', version: '7.24.0' }), 'pkg:npm/%40babel/core@7.24.0');
    assert.equal(buildPurl({ type: 'npm', name: 'left-pad', version: '1.3.0' }), 'pkg:npm/left-pad@1.3.0');
  });

  it('splits maven group:artifact and golang module paths', () => {
    assert.equal(buildPurl({ type: 'maven', name: 'org.apache.commons:commons-text', version: '1.10.0' }), 'pkg:maven/org.apache.commons/commons-text@1.10.0');
    assert.equal(buildPurl({ type: 'maven', namespace: 'org.apache', name: 'commons-text', version: '1.10.0' }), 'pkg:maven/org.apache/commons-text@1.10.0');
    assert.equal(buildPurl({ type: 'golang', name: 'github.com/x/y', version: 'v1.2.3' }), 'pkg:golang/github.com/x/y@v1.2.3');
    assert.equal(buildPurl({ type: 'golang', name: 'golang.org/x/net', version: 'v0.0.0-20220722155237-a158d28d115b' }), 'pkg:golang/golang.org/x/net@v0.0.0-20220722155237-a158d28d115b');
  });

  it('normalises pypi names to lower case with dashes', () => {
    assert.equal(buildPurl({ type: 'pypi', name: 'Django_REST_framework', version: '3.14.0' }), 'pkg:pypi/django-rest-framework@3.14.0');
  });

  it('builds rpm, apk, gem, composer, cargo and nuget purls', () => {
    assert.equal(
      buildPurl({ type: 'rpm', namespace: 'redhat', name: 'openssl-libs', version: '3.0.7-27.el9', qualifiers: { arch: 'x86_64', epoch: 1, distro: 'rhel-9.4' } }),
      'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1',
    );
    assert.equal(
      buildPurl({ type: 'apk', namespace: 'alpine', name: 'musl', version: '1.2.4-r2', qualifiers: { arch: 'x86_64', distro: 'alpine-3.19.1' } }),
      'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1',
    );
    assert.equal(buildPurl({ type: 'gem', name: 'nokogiri', version: '1.16.2', qualifiers: { platform: 'x86_64-linux' } }), 'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux');
    assert.equal(buildPurl({ type: 'composer', name: 'laravel/framework', version: 'v10.0.0' }), 'pkg:composer/laravel/framework@v10.0.0');
    assert.equal(buildPurl({ type: 'cargo', name: 'serde', version: '1.0.197' }), 'pkg:cargo/serde@1.0.197');
    // NuGet names are case-preserving in the spec.
    assert.equal(buildPurl({ type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.1' }), 'pkg:nuget/Newtonsoft.Json@13.0.1');
  });

  it('drops empty and undefined qualifiers, and the ? when none remain', () => {
    assert.equal(buildPurl({ type: 'apk', namespace: 'alpine', name: 'musl', version: '1.2.4-r2', qualifiers: { arch: '', distro: undefined } }), 'pkg:apk/alpine/musl@1.2.4-r2');
  });

  it('percent-encodes spaces and slashes inside components', () => {
    assert.equal(buildPurl({ type: 'generic', name: 'a b', version: '1 2', qualifiers: { q: 'x/y' } }), 'pkg:generic/a%20b@1%202?q=x%2Fy');
  });

  it('round-trips through the reference parser', () => {
    const s = buildPurl({ type: 'npm', name: '@angular/core', version: '17.0.0' });
    const p = PackageURL.fromString(s);
    assert.equal(p.namespace, '@angular');
    assert.equal(p.name, 'core');
  });

  it('never throws on a version the library rejects', () => {
    // `v1.2` is not full semver, which packageurl-js refuses for golang; we still get an identifier.
    const s = buildPurl({ type: 'golang', name: 'example.com/m', version: 'v1.2' });
    assert.equal(s, 'pkg:golang/example.com/m@v1.2');
  });
});
