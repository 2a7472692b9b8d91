import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerRunRules } from '../../../src/rules/docker-run/index.js';
import type { RunModel } from '../../../src/deploy/docker-run/index.js';
import type { DeployOptions, DeployRule } from '../../../src/deploy/types.js';
import { OPTS, check, fakeAwsKeyId, hitLines, runModel } from '../compose/helpers.js';

function rule(id: string): DeployRule<RunModel> {
  const r = dockerRunRules.find((x) => x.meta.id === id);
  assert.ok(r, `${id} is registered`);
  return r;
}

const CASES: Record<string, { fires: string; lines: number[]; passes: string; path?: string; options?: DeployOptions }> = {
  'LS-RUN-001': { fires: 'docker run -u 0 a:1\ndocker run --user=root:root a:1\ndocker run -uroot a:1\n', lines: [1, 2, 3], passes: 'docker run a:1\ndocker run -u 1000 a:1\ndocker run -u "$(id -u)" a:1\n' },
  'LS-RUN-002': { fires: 'docker run --privileged a:1\nsudo -E podman run --privileged=true a:1\n', lines: [1, 2], passes: 'docker run --privileged=false a:1\necho docker run --privileged a:1\n' },
  'LS-RUN-003': { fires: 'docker run --cap-add=SYS_ADMIN a:1\npodman run --cap-add net_admin,sys_ptrace a:1\n', lines: [1, 2, 2], passes: 'docker run --cap-add NET_BIND_SERVICE --cap-drop ALL a:1\n' },
  'LS-RUN-004': { fires: 'docker run --security-opt seccomp=unconfined a:1\n', lines: [1], passes: 'docker run --security-opt seccomp=./p.json a:1\n' },
  'LS-RUN-005': { fires: 'docker run --security-opt apparmor=unconfined --security-opt=label:disable a:1\n', lines: [1, 1], passes: 'docker run --security-opt apparmor=my-profile a:1\n' },
  'LS-RUN-006': { fires: 'docker run --net=host a:1\ndocker container run --network host a:1\n', lines: [1, 2], passes: 'docker run --network app-net a:1\ndocker run --network "$NET" a:1\n' },
  'LS-RUN-007': { fires: 'docker create --pid=host a:1\n', lines: [1], passes: 'docker run --pid container:x a:1\n' },
  'LS-RUN-008': { fires: 'docker run --ipc host a:1\n', lines: [1], passes: 'docker run --ipc private a:1\n' },
  'LS-RUN-009': {
    fires: 'docker run \\\n  -v /var/run/docker.sock:/var/run/docker.sock \\\n  a:1\ndocker run --mount type=bind,src=/run/docker.sock,dst=/s a:1\ndocker run --use-api-socket a:1\n',
    lines: [2, 4, 5],
    passes: 'docker run -v docker-sock:/var/run/docker.sock a:1\ndocker run -v "$SOCK:/s" a:1\n',
  },
  'LS-RUN-010': { fires: 'docker run -v /:/host a:1\ndocker run --volume=/etc:/e:ro a:1\n', lines: [1, 2], passes: 'docker run -v "$PWD:/src" -v ./x:/x -v /etc/localtime:/etc/localtime:ro a:1\n' },
  'LS-RUN-011': { fires: 'docker run \\\n  -e FOO=bar \\\n  --env DB_PASSWORD=Tr0ub4dor-and-3 \\\n  a:1\n', lines: [3], passes: 'docker run -e DB_PASSWORD -e DB_PASSWORD="$DB_PASSWORD" -e TOKEN=$(cat /run/t) a:1\n' },
  'LS-RUN-012': { fires: 'docker run alpine\ndocker run --rm -it alpine:latest sh\n', lines: [1, 2], passes: 'docker run alpine:3.20\ndocker run "$IMAGE"\ndocker run alpine@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9\n' },
  'LS-RUN-013': { fires: 'docker run -d -p 5432:5432 postgres:16\ndocker run -d -p 0.0.0.0:6379:6379 x/cache:1\n', lines: [1, 2], passes: 'docker run -d -p 127.0.0.1:5432:5432 postgres:16\ndocker run -d -p 8080:80 nginx:1.27\n' },
  'LS-RUN-014': { fires: 'docker run quay.io/x/a:1\n', lines: [1], passes: 'docker run registry.acme.io/x/a:1\n', options: { ...OPTS, allowedRegistries: ['registry.acme.io'] } },
  'LS-RUN-015': { fires: 'build:\n  script:\n    - docker run --rm a:1\n   - make test\n', lines: [4], passes: 'build:\n  script:\n    - docker run --rm a:1\n', path: '.gitlab-ci.yml' },
};

test('every registered docker-run rule has a case here, and ids are unique and in order', () => {
  const ids = dockerRunRules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual(Object.keys(CASES).sort(), ids);
});

for (const [id, c] of Object.entries(CASES)) {
  test(`${id} fires where it should and stays quiet on the passing script`, () => {
    const r = rule(id);
    assert.deepEqual(hitLines(r, runModel(c.fires, c.path), c.options), c.lines, `${id} fires on`);
    assert.deepEqual(check(r, runModel(c.passes, c.path), c.options), [], `${id} passes`);
  });
}

test('LS-RUN-011: credential formats are CRITICAL and never printed', () => {
  const key = fakeAwsKeyId();
  const hits = check(rule('LS-RUN-011'), runModel(`docker run -e SOME_ID=${key} a:1\n`));
  assert.equal(hits[0]?.severity, 'CRITICAL');
  assert.ok(!hits[0]!.message.includes(key));
});

test('run commands are found behind wrappers, global options and in every kind of shell construct', () => {
  const script = [
    'sudo -u deploy docker run --privileged a:1',
    'env FOO=1 docker run --privileged a:1',
    'docker -H tcp://remote:2376 --tlsverify run --privileged a:1',
    'id=$(docker run -d --privileged a:1)',
    'if true; then docker run --privileged a:1; fi',
    'for i in 1 2; do podman run --privileged a:1; done',
    'timeout 60 docker run --privileged a:1 || true',
    'DOCKER_HOST=x docker run --privileged a:1 | tee out',
    'docker exec --privileged c sh',
    'docker build --privileged .',
  ].join('\n');
  assert.deepEqual(hitLines(rule('LS-RUN-002'), runModel(script)), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('the image is the first word that is not an option or an option value', () => {
  const hits = (s: string) => check(rule('LS-RUN-012'), runModel(s)).map((h) => h.details?.['image']);
  assert.deepEqual(hits('docker run -it --rm -e A=1 -p 80:80 --name x -v a:/b alpine sh\n'), ['alpine']);
  assert.deepEqual(hits('docker run -dit -w /src alpine:3.20 sh\n'), []);
  assert.deepEqual(hits('docker run --init --read-only --rm alpine\n'), ['alpine']);
  assert.deepEqual(hits('docker run -e=A=1 -p8080:80 alpine\n'), ['alpine']);
  assert.deepEqual(hits('podman run --replace --systemd=always --name x -- alpine\n'), ['alpine']);
});
