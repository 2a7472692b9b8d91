import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFindings } from '../../../../src/scan/image-scan.js';
import { imageConfigRules } from '../../../../src/rules/image/config/index.js';
import { baseFiles, NOW, scanTestImage } from './helpers.js';

test('a hardened image (non-root, working healthcheck, no secrets, recent, no admin ports, clean history) has no config/history findings', async () => {
  const result = await scanTestImage({
    layers: [
      { files: [...baseFiles(), { name: 'etc/', type: 'directory' }, { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' }], createdBy: '/bin/sh -c #(nop) ADD file:0123 in /' },
      { files: [{ name: 'app/', type: 'directory' }, { name: 'app/server', content: 'ELF', mode: 0o755 }], createdBy: 'RUN |1 VERSION=1.2.3 /bin/sh -c chmod 755 /app/server # buildkit' },
    ],
    config: {
      User: '10001:10001',
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production', 'DB_PASSWORD_FILE=/run/secrets/db'],
      Labels: { 'org.opencontainers.image.version': '1.2.3' },
      ExposedPorts: { '8080/tcp': {} },
      Healthcheck: { Test: ['CMD-SHELL', 'curl -fsS http://localhost:8080/health || exit 1'] },
      Entrypoint: ['/app/server'],
      WorkingDir: '/app',
    },
    created: '2026-11-25T00:00:00Z',
    repoTags: ['registry.example.com/shop/api:1.2.3'],
  });
  const ours = new Set(imageConfigRules.map((r) => r.meta.id));
  const { findings, warnings } = imageFindings(result, { now: NOW });
  assert.deepEqual(warnings, []);
  assert.deepEqual(findings.filter((f) => ours.has(f.ruleId)), []);
});
