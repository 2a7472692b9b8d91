import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowlistImage, registryAllowed } from '../../../src/deploy/shared/registry-allowlist.js';

/** Whether `allowlist` admits the image `reference`; throws for references Docker would reject. */
function admits(reference: string, allowlist: readonly string[]): boolean {
  const image = allowlistImage(reference);
  assert.ok(image, `${reference} should parse`);
  return registryAllowed(image, allowlist);
}

describe('allowlistImage: names as a pull resolves them', () => {
  const cases: Array<[string, string, string]> = [
    ['nginx', 'docker.io', 'library/nginx'],
    ['nginx:1.27', 'docker.io', 'library/nginx'],
    ['bitnami/redis:7', 'docker.io', 'bitnami/redis'],
    ['docker.io/library/nginx:1.27', 'docker.io', 'library/nginx'],
    ['index.docker.io/nginx', 'docker.io', 'library/nginx'],
    ['registry-1.docker.io/bitnami/redis', 'docker.io', 'bitnami/redis'],
    ['localhost:5000/a/b:1', 'localhost:5000', 'a/b'],
    ['GHCR.io/acme/app@sha256:' + 'a'.repeat(64), 'ghcr.io', 'acme/app'],
  ];
  for (const [reference, registry, repository] of cases) {
    it(reference, () => assert.deepEqual(allowlistImage(reference), { registry, repository }));
  }

  it('is undefined for references Docker rejects', () => {
    for (const reference of ['', 'ghcr.io/Acme/app', 'nginx:bad tag', 'a//b']) assert.equal(allowlistImage(reference), undefined, reference);
  });
});

describe('registryAllowed', () => {
  // [image, allow list, admitted, why]
  const cases: Array<[string, string[], boolean, string]> = [
    // Docker Hub normalisation
    ['nginx', ['docker.io/library'], true, 'a bare name is an official Hub image'],
    ['nginx:1.27', ['docker.io'], true, 'the Hub host admits everything on the Hub'],
    ['library/nginx', ['docker.io/library/nginx'], true, 'explicit library/ path'],
    ['bitnami/redis:7', ['docker.io/library'], false, 'an organisation is not library/'],
    ['bitnami/redis:7', ['docker.io/bitnami'], true, 'Hub organisation prefix'],
    ['bitnami/redis:7', ['index.docker.io'], true, 'index.docker.io in an entry is the Hub'],
    ['bitnami/redis:7', ['registry-1.docker.io/bitnami'], true, 'registry-1.docker.io in an entry is the Hub'],
    ['index.docker.io/library/nginx', ['docker.io/library'], true, 'Hub alias on the image side'],
    ['nginx', ['docker.io/nginx'], false, 'entry paths are literal: docker.io/nginx is the user "nginx"'],
    // path prefixes end at segment boundaries
    ['ghcr.io/acme/api:1', ['ghcr.io/acme'], true, 'prefix'],
    ['ghcr.io/acme', ['ghcr.io/acme'], true, 'the prefix itself'],
    ['ghcr.io/acme/team/api:1', ['ghcr.io/acme'], true, 'deeper paths'],
    ['ghcr.io/acme-evil/api:1', ['ghcr.io/acme'], false, 'not a raw string prefix'],
    ['ghcr.io/acmeapi:1', ['ghcr.io/acme'], false, 'not a raw string prefix, no separator'],
    ['ghcr.io/other/api:1', ['ghcr.io/acme'], false, 'other path'],
    ['ghcr.io/acme/api:1', ['ghcr.io/acme/'], true, 'trailing slash on the entry'],
    // hosts and ports
    ['ghcr.io/acme/api:1', ['ghcr.io'], true, 'host entry'],
    ['ghcr.io.evil.com/acme/api:1', ['ghcr.io'], false, 'host is compared whole'],
    ['evilghcr.io/acme/api:1', ['ghcr.io'], false, 'host is compared whole'],
    ['ghcr.io/acme/api:1', ['GHCR.IO/Acme'], true, 'entries are case-insensitive'],
    ['registry.example.com:5000/app:1', ['registry.example.com:5000'], true, 'host with port'],
    ['registry.example.com:5000/app:1', ['registry.example.com'], false, 'another port is another registry'],
    ['registry.example.com/app:1', ['registry.example.com:5000'], false, 'entry port must be present on the image'],
    ['registry.example.com:5000/team/app:1', ['registry.example.com:5000/team'], true, 'host with port and path'],
    ['localhost:5000/app', ['localhost:5000'], true, 'localhost registry'],
    ['[::1]:5000/app', ['[::1]:5000'], true, 'IPv6 literal'],
    ['registry.example.com/x/y:1', ['https://registry.example.com/'], true, 'scheme and slash ignored'],
    // wildcard hosts
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com'], true, 'wildcard subdomain'],
    ['dkr.ecr.eu-west-1.amazonaws.com/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com'], false, 'wildcard needs a subdomain'],
    ['dkr.ecr.eu-west-1.amazonaws.com.evil.io/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com'], false, 'wildcard is a suffix of the host'],
    ['evildkr.ecr.eu-west-1.amazonaws.com/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com'], false, 'wildcard suffix starts at a dot'],
    // tags and digests play no part
    ['ghcr.io/acme/api@sha256:' + 'b'.repeat(64), ['ghcr.io/acme'], true, 'digest on the image'],
    ['ghcr.io/acme/api:1.2.3@sha256:' + 'b'.repeat(64), ['ghcr.io/acme/api'], true, 'tag and digest on the image'],
    ['ghcr.io/acme/api:2', ['ghcr.io/acme/api:1'], true, 'a tag on the entry is ignored'],
    ['ghcr.io/acme/api:2', ['ghcr.io/acme/api@sha256:' + 'c'.repeat(64)], true, 'a digest on the entry is ignored'],
    // list handling
    ['quay.io/x/y:1', ['', '  ', 'ghcr.io'], false, 'blank entries admit nothing'],
    ['quay.io/x/y:1', ['ghcr.io', 'quay.io/x'], true, 'any entry may admit'],
    ['quay.io/x/y:1', [], false, 'an empty list admits nothing (rules skip the check instead)'],
  ];
  for (const [reference, allowlist, expected, why] of cases) {
    it(`${reference} with [${allowlist.join(', ')}]: ${why}`, () => assert.equal(admits(reference, allowlist), expected));
  }
});
