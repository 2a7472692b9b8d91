import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowlistImage, registryAllowed } from '../../../src/deploy/shared/registry-allowlist.js';
import composeRule from '../../../src/rules/compose/registry-not-allowed.js';
import runRule from '../../../src/rules/docker-run/registry-not-allowed.js';
import k8sRule from '../../../src/rules/kubernetes/image-registry-not-allowed.js';
import nomadRule from '../../../src/rules/nomad/registry-not-allowed.js';
import { OPTS, check, composeModel, nomadModel, runModel } from '../compose/helpers.js';
import { pod, run as runK8s } from '../kubernetes/helpers.js';

/** Whether each platform's registry rule fires for `image` under `allowlist`. */
function firesPerPlatform(image: string, allowlist: string[]): Record<string, boolean> {
  const options = { ...OPTS, allowedRegistries: allowlist };
  return {
    compose: check(composeRule, composeModel(`services:\n  a:\n    image: ${image}\n`), options).length > 0,
    nomad: check(nomadRule, nomadModel(`job "j" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n      config { image = "${image}" }\n    }\n  }\n}\n`), options).length > 0,
    'docker-run': check(runRule, runModel(`docker run ${image}\n`), options).length > 0,
    kubernetes: runK8s(k8sRule, pod().replace('ghcr.io/acme/app:1.0.0', image), { allowedRegistries: allowlist }).length > 0,
  };
}

test('the four registry rules agree with registryAllowed on the tricky cases', () => {
  const cases: Array<[string, string[]]> = [
    ['nginx:1.27', ['docker.io/library']],
    ['bitnami/redis:7', ['docker.io/library']],
    ['registry-1.docker.io/bitnami/redis:7', ['docker.io/bitnami']],
    ['ghcr.io/acme/api:1', ['ghcr.io/acme']],
    ['ghcr.io/acme-evil/api:1', ['ghcr.io/acme']],
    ['registry.example.com:5000/app:1', ['registry.example.com']],
    ['registry.example.com:5000/app:1', ['registry.example.com:5000']],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com']],
    [`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, ['ghcr.io/acme']],
  ];
  for (const [image, allowlist] of cases) {
    const parsed = allowlistImage(image);
    assert.ok(parsed, image);
    const fires = !registryAllowed(parsed, allowlist);
    const expected = { compose: fires, nomad: fires, 'docker-run': fires, kubernetes: fires };
    assert.deepEqual(firesPerPlatform(image, allowlist), expected, `${image} with [${allowlist.join(', ')}]`);
  }
});
