import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  candidateEndpoints,
  dockerContextEndpoint,
  parseEndpoint,
  type Candidate,
  type EndpointEnvironment,
} from '../../../../src/source/image/engine/endpoints.js';
import { EngineError } from '../../../../src/source/image/engine/errors.js';
import { tempDirs } from '../../../image/build-image.js';

const tmp = tempDirs('ls-endpoints-');

function environment(env: NodeJS.ProcessEnv, home = '/home/nobody-here', uid = 1000): EndpointEnvironment {
  return { env, homedir: home, uid };
}

function urls(candidates: Candidate[]): string[] {
  return candidates.map((c) => ('endpoint' in c ? `${c.endpoint.origin} ${c.endpoint.url}` : `error ${c.origin}`));
}

function writeContext(configDir: string, name: string, host: string, currentContext?: string): void {
  const id = createHash('sha256').update(name).digest('hex');
  fs.mkdirSync(path.join(configDir, 'contexts', 'meta', id), { recursive: true });
  fs.writeFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
  if (currentContext !== undefined) fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext }));
}

describe('parseEndpoint', () => {
  test('unix sockets, tcp with default ports, IPv6, bare paths', () => {
    assert.deepEqual(parseEndpoint('unix:///var/run/docker.sock', 'DOCKER_HOST', 'docker').transport, { kind: 'unix', socketPath: '/var/run/docker.sock' });
    assert.deepEqual(parseEndpoint('/run/x.sock', 'DOCKER_HOST', 'docker').transport, { kind: 'unix', socketPath: '/run/x.sock' });
    assert.deepEqual(parseEndpoint('tcp://10.0.0.5', 'DOCKER_HOST', 'docker').transport, { kind: 'tcp', host: '10.0.0.5', port: 2375 });
    assert.deepEqual(parseEndpoint('tcp://[::1]:2390', 'DOCKER_HOST', 'docker').transport, { kind: 'tcp', host: '::1', port: 2390 });
    const tls = parseEndpoint('tcp://engine.example:2376', 'DOCKER_HOST', 'docker', { dir: '/certs' }).transport;
    assert.deepEqual(tls, { kind: 'tcp', host: 'engine.example', port: 2376, tls: { dir: '/certs' } });
    assert.equal((parseEndpoint('tcp://engine.example', 'DOCKER_HOST', 'docker', { dir: '/certs' }).transport as { port: number }).port, 2376);
  });

  test('schemes leftshift cannot speak are refused naming the variable', () => {
    for (const [url, why] of [
      ['ssh://me@host', /ssh:\/\/ endpoints are not supported/],
      ['npipe:////./pipe/docker_engine', /named pipes/],
      ['unix://relative.sock', /absolute path/],
      ['fd://', /supported: unix/],
    ] as const) {
      assert.throws(() => parseEndpoint(url, 'DOCKER_HOST', 'docker'), (err: unknown) => {
        assert.ok(err instanceof EngineError);
        assert.equal(err.kind, 'unavailable');
        assert.match(err.message, new RegExp(`^cannot use DOCKER_HOST=${url.replace(/[./]/g, '\\$&')}`));
        assert.match(err.message, why);
        return true;
      });
    }
  });
});

describe('candidateEndpoints', () => {
  test('automatic: DOCKER_HOST, default Docker socket, podman rootless then rootful', () => {
    assert.deepEqual(urls(candidateEndpoints(undefined, environment({ DOCKER_HOST: 'unix:///custom/docker.sock', XDG_RUNTIME_DIR: '/run/user/1000' }))), [
      'DOCKER_HOST unix:///custom/docker.sock',
      'default Docker socket unix:///var/run/docker.sock',
      'podman rootless socket unix:///run/user/1000/podman/podman.sock',
      'podman rootful socket unix:///run/podman/podman.sock',
    ]);
    // Without XDG_RUNTIME_DIR a non-root user's runtime dir is /run/user/<uid>; root has none.
    assert.deepEqual(urls(candidateEndpoints('podman', environment({}, '/h', 1234))), [
      'podman rootless socket unix:///run/user/1234/podman/podman.sock',
      'podman rootful socket unix:///run/podman/podman.sock',
    ]);
    assert.deepEqual(urls(candidateEndpoints('podman', environment({}, '/h', 0))), ['podman rootful socket unix:///run/podman/podman.sock']);
  });

  test('DOCKER_HOST pointing at the podman socket is asked once', () => {
    const env = { DOCKER_HOST: 'unix:///run/user/1000/podman/podman.sock', XDG_RUNTIME_DIR: '/run/user/1000' };
    assert.deepEqual(urls(candidateEndpoints(undefined, environment(env))), [
      'DOCKER_HOST unix:///run/user/1000/podman/podman.sock',
      'default Docker socket unix:///var/run/docker.sock',
      'podman rootful socket unix:///run/podman/podman.sock',
    ]);
  });

  test('explicit docker: one endpoint as the docker CLI picks it; explicit podman: CONTAINER_HOST first', () => {
    assert.deepEqual(urls(candidateEndpoints('docker', environment({ DOCKER_HOST: 'tcp://1.2.3.4:2375', XDG_RUNTIME_DIR: '/x' }))), ['DOCKER_HOST tcp://1.2.3.4:2375']);
    assert.deepEqual(urls(candidateEndpoints('docker', environment({}))), ['default Docker socket unix:///var/run/docker.sock']);
    assert.deepEqual(urls(candidateEndpoints('podman', environment({ CONTAINER_HOST: 'unix:///c.sock', DOCKER_HOST: 'unix:///d.sock' }, '/h', 0))), [
      'CONTAINER_HOST unix:///c.sock',
      'podman rootful socket unix:///run/podman/podman.sock',
    ]);
  });

  test('a DOCKER_HOST that cannot be used is a candidate carrying its error', () => {
    const list = candidateEndpoints(undefined, environment({ DOCKER_HOST: 'ssh://me@host' }, '/h', 0));
    assert.deepEqual(urls(list), ['error DOCKER_HOST', 'default Docker socket unix:///var/run/docker.sock', 'podman rootful socket unix:///run/podman/podman.sock']);
  });

  test('DOCKER_TLS_VERIFY reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH', () => {
    const certs = tmp();
    fs.writeFileSync(path.join(certs, 'ca.pem'), 'CA');
    fs.writeFileSync(path.join(certs, 'cert.pem'), 'CERT');
    fs.writeFileSync(path.join(certs, 'key.pem'), 'KEY');
    const [c] = candidateEndpoints('docker', environment({ DOCKER_HOST: 'tcp://engine:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }));
    assert.ok(c && 'endpoint' in c && c.endpoint.transport.kind === 'tcp');
    const tls = c.endpoint.transport.tls!;
    assert.deepEqual([tls.ca?.toString(), tls.cert?.toString(), tls.key?.toString(), tls.dir], ['CA', 'CERT', 'KEY', certs]);
    // Without DOCKER_TLS_VERIFY / DOCKER_TLS: plain TCP.
    const [plain] = candidateEndpoints('docker', environment({ DOCKER_HOST: 'tcp://engine:2375', DOCKER_CERT_PATH: certs }));
    assert.ok(plain && 'endpoint' in plain && plain.endpoint.transport.kind === 'tcp' && plain.endpoint.transport.tls === undefined);
  });
});

describe('docker contexts', () => {
  test('currentContext from config.json, DOCKER_CONTEXT over it, DOCKER_HOST over both', () => {
    const home = tmp();
    const config = path.join(home, '.docker');
    writeContext(config, 'desktop-linux', `unix://${home}/.docker/desktop/docker.sock`, 'desktop-linux');
    writeContext(config, 'remote', 'tcp://10.1.1.1:2375');
    const env = (e: NodeJS.ProcessEnv): EndpointEnvironment => environment(e, home, 0);
    assert.equal(dockerContextEndpoint(env({}))?.url, `unix://${home}/.docker/desktop/docker.sock`);
    assert.equal(dockerContextEndpoint(env({}))?.origin, 'docker context "desktop-linux"');
    assert.equal(dockerContextEndpoint(env({ DOCKER_CONTEXT: 'remote' }))?.url, 'tcp://10.1.1.1:2375');
    assert.equal(dockerContextEndpoint(env({ DOCKER_CONTEXT: 'default' })), undefined);
    assert.deepEqual(urls(candidateEndpoints('docker', env({}))), [`docker context "desktop-linux" unix://${home}/.docker/desktop/docker.sock`]);
    assert.deepEqual(urls(candidateEndpoints('docker', env({ DOCKER_HOST: 'unix:///h.sock', DOCKER_CONTEXT: 'remote' }))), ['DOCKER_HOST unix:///h.sock']);
    assert.deepEqual(urls(candidateEndpoints(undefined, env({}))), [
      `docker context "desktop-linux" unix://${home}/.docker/desktop/docker.sock`,
      'default Docker socket unix:///var/run/docker.sock',
      'podman rootful socket unix:///run/podman/podman.sock',
    ]);
  });

  test('DOCKER_CONFIG moves the config directory; a selected but undefined context is an error', () => {
    const config = tmp();
    writeContext(config, 'other', 'unix:///other.sock', 'other');
    assert.equal(dockerContextEndpoint(environment({ DOCKER_CONFIG: config }))?.url, 'unix:///other.sock');
    assert.throws(() => dockerContextEndpoint(environment({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' })), /docker context "gone" is selected but not defined/);
    const list = candidateEndpoints('docker', environment({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' }));
    assert.deepEqual(urls(list), ['error docker context']);
  });
});
