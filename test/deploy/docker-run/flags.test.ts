import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunCommand } from '../../../src/deploy/docker-run/index.js';
import { runSpec } from '../../../src/deploy/docker-run/flags.js';

const parse = (s: string) => parseRunCommand(s.split(' '));

test('recognises run/create for docker and podman, behind wrappers and global options', () => {
  for (const s of ['docker run a', 'docker create a', 'docker container run a', 'podman run a', 'podman container create a', '/usr/bin/docker run a', 'sudo docker run a', 'sudo -u root -E docker run a', 'env A=1 B=2 docker run a', 'exec docker run a', 'timeout -s KILL 30 docker run a', 'nice -n 5 docker run a', 'docker --context prod run a', 'docker -H tcp://h:2376 --tlsverify run a', 'podman --remote --url ssh://x run a']) {
    assert.equal(parse(s)?.image?.value, 'a', s);
  }
  for (const s of ['docker exec c sh', 'docker build .', 'docker compose run web', 'echo docker run a', 'dockerd run', 'docker', 'sudo']) {
    assert.equal(parse(s), undefined, s);
  }
});

test('boolean flags take no value, others do; = forms and bundled short flags are split like pflag', () => {
  const r = parse('docker run -dit --rm --name x -e A=1 --env=B=2 -p8080:80 -uroot -v /a:/b --read-only --init img:1 cmd --privileged')!;
  assert.deepEqual(r.options.map((o) => [o.name, o.value]), [
    ['detach', 'true'], ['interactive', 'true'], ['tty', 'true'], ['rm', 'true'], ['name', 'x'], ['env', 'A=1'], ['env', 'B=2'],
    ['publish', '8080:80'], ['user', 'root'], ['volume', '/a:/b'], ['read-only', 'true'], ['init', 'true'],
  ]);
  assert.equal(r.image?.value, 'img:1', 'flags after the image belong to the container command');
  assert.equal(parse('docker run -- img')?.image?.value, 'img');
  assert.equal(parse('docker run --unknown-flag value img')?.image?.value, 'img', 'unknown long flags take a value');
});

test('the spec: privileged=false, comma-separated caps, --mount, --use-api-socket, ports, env, shell variables', () => {
  const argv = ['docker', 'run', '--privileged=false', '--cap-add', 'sys_admin,NET_ADMIN', '--mount', 'type=bind,src=/etc,dst=/e,readonly', '--use-api-socket', '-p', '127.0.0.1:5432:5432', '-e', 'TOKEN=$T', '-e', 'NAME', '--user', '$(id -u)', '--network=host', 'img'];
  const spec = runSpec(parseRunCommand(argv)!, { line: 1 }, (i) => ({ line: 100 + i }));
  assert.equal(spec.privileged?.value, false);
  assert.deepEqual(spec.capAdd.map((c) => c.value), ['sys_admin', 'NET_ADMIN']);
  assert.deepEqual(spec.mounts.map((m) => [m.type, m.source, m.target, m.readOnly]), [['bind', '/etc', '/e', true], ['bind', '/var/run/docker.sock', '/var/run/docker.sock', false]]);
  assert.deepEqual(spec.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort]), [['127.0.0.1', '5432', '5432']]);
  assert.deepEqual(spec.env.map((e) => [e.name, e.value, e.reference]), [['TOKEN', '$T', true], ['NAME', undefined, false]]);
  assert.equal(spec.user?.value, null, 'a command substitution is unknown');
  assert.equal(spec.networkMode?.value, 'host');
  assert.equal(spec.networkMode?.line, 116, 'positions come from the word that holds the value (argv[16])');
  assert.equal(spec.label, '`docker run` of img');
});
