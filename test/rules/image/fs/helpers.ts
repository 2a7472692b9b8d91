/**
 * Builds real images (tar layers, gzip, computed digests) and runs the walk with the SBOM and
 * filesystem-rule analyzers, returning the context image rules get. Secrets are generated at run
 * time (node:crypto keys, the engine's fake-token generators), never pasted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { buildImage, buildTar, memorySource, type TarEntrySpec } from '../../../image/build-image.js';
import { walkImage } from '../../../../src/image/walk.js';
import { sbomAnalyzers } from '../../../../src/analyze/index.js';
import { assembleSbom } from '../../../../src/sbom/assemble.js';
import { imageFsAnalyzers, imageFsRules } from '../../../../src/rules/image/fs/index.js';
import type { ImageRuleContext } from '../../../../src/rules/image/rule.js';
import type { RuleHit } from '../../../../src/rules/rule.js';
import { createRng, fakeAwsAccessKeyId, fakeAwsSecretAccessKey, fakePassword } from '../../../../src/analyze/secret/fake-tokens.js';

export interface TestLayer {
  entries: TarEntrySpec[];
  createdBy: string;
}

export async function imageContext(layers: TestLayer[]): Promise<ImageRuleContext> {
  const image = buildImage({ layers: await Promise.all(layers.map(async (l) => ({ tar: await buildTar(l.entries), createdBy: l.createdBy }))) });
  const source = memorySource(image);
  // memorySource names steps `step N`; the rules quote the real history step.
  source.layers.forEach((l, i) => (l.createdBy = layers[i]!.createdBy));
  const walk = await walkImage(source, { analyzers: [...sbomAnalyzers(), ...imageFsAnalyzers] });
  const layerRefs = source.layers.map((l) => ({ index: l.index, diffID: l.diffID, createdBy: l.createdBy }));
  return {
    reference: 'memory',
    metadata: source.metadata,
    layers: layerRefs,
    walk,
    sbom: assembleSbom(walk.effective),
    now: new Date('2025-01-01T00:00:00Z'),
    options: { maxAgeDays: 90 },
  };
}

export function ruleById(id: string) {
  const rule = imageFsRules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

export function run(id: string, ctx: ImageRuleContext): RuleHit[] {
  return ruleById(id).check(ctx);
}

/** A fresh RSA private key in PKCS#8 PEM. */
export function privateKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export interface PlantedSecrets {
  awsKeyId: string;
  awsSecret: string;
  privateKey: string;
  dbPassword: string;
}

export function plantedSecrets(seed = 41): PlantedSecrets {
  const rng = createRng(seed);
  return { awsKeyId: fakeAwsAccessKeyId(rng), awsSecret: fakeAwsSecretAccessKey(rng), privateKey: privateKeyPem(), dbPassword: fakePassword(rng, 20) };
}

const dir = (name: string, mode = 0o755): TarEntrySpec => ({ name, type: 'directory', mode });

/** A minimal base: accounts (root locked, app non-root), /tmp sticky. */
export function baseEntries(extraPasswd = '', extraShadow = '', extraGroup = ''): TarEntrySpec[] {
  return [
    dir('etc/'),
    { name: 'etc/passwd', content: `root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\napp:x:10001:10001::/home/app:/usr/sbin/nologin\n${extraPasswd}` },
    { name: 'etc/shadow', content: `root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n${extraShadow}`, mode: 0o640 },
    { name: 'etc/group', content: `root:x:0:\nnogroup:x:65534:\napp:x:10001:\n${extraGroup}` },
    dir('tmp/', 0o1777),
    dir('root/', 0o700),
    dir('usr/'),
    dir('usr/bin/'),
    { name: 'usr/bin/tool', content: '#!/bin/sh\necho tool\n', mode: 0o755 },
  ];
}

/**
 * Layer 1 adds a private key and an AWS key pair, layer 2 deletes the key's directory (whiteout)
 * and overwrites the AWS file with a clean one.
 */
export async function deletedSecretsImage(s: PlantedSecrets): Promise<ImageRuleContext> {
  return imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    {
      createdBy: '/bin/sh -c #(nop) COPY dir:secrets in /',
      entries: [
        dir('root/.ssh/', 0o700),
        { name: 'root/.ssh/id_rsa', content: s.privateKey, mode: 0o600 },
        dir('opt/'),
        { name: 'opt/deploy.env', content: `AWS_ACCESS_KEY_ID=${s.awsKeyId}\nAWS_SECRET_ACCESS_KEY=${s.awsSecret}\n` },
      ],
    },
    {
      createdBy: '/bin/sh -c rm -rf /root/.ssh && echo REGION=eu-west-1 > /opt/deploy.env',
      entries: [{ name: 'root/.wh..ssh' }, { name: 'opt/deploy.env', content: 'REGION=eu-west-1\n' }],
    },
  ]);
}

/**
 * Runs as root, with a secret build argument that a RUN step wrote into a config file, a root
 * password, a second UID 0 account, a duplicated UID, a setuid binary no package owns, a
 * world-writable directory and files owned by an unknown UID.
 */
export async function rootImage(s: PlantedSecrets): Promise<ImageRuleContext> {
  return imageContext([
    {
      createdBy: 'base',
      entries: baseEntries(
        'toor:x:0:0::/root:/bin/bash\nworker:x:10001:10001::/home/worker:/bin/bash\n',
        'toor:$6$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijkl:19000:0:99999:7:::\nworker::19000:0:99999:7:::\n',
        'dup:x:10001:\n',
      ),
    },
    {
      createdBy: `|1 DB_PASSWORD=${s.dbPassword} /bin/sh -c mkdir -p /etc/app && echo "DB_PASSWORD=\\"$DB_PASSWORD\\"" > /etc/app/db.conf && chmod 4755 /usr/bin/tool && chmod 777 /srv/data`,
      entries: [
        dir('etc/app/'),
        { name: 'etc/app/db.conf', content: `# written at build time\nDB_PASSWORD="${s.dbPassword}"\n` },
        { name: 'usr/bin/tool', content: '#!/bin/sh\necho tool\n', mode: 0o4755 },
        dir('srv/'),
        dir('srv/data/', 0o777),
        { name: 'srv/release/app.js', content: 'console.log(1)\n', uid: 1234 },
        { name: 'srv/release/lib.js', content: 'module.exports = 2\n', uid: 1234 },
      ],
    },
  ]);
}

/** Non-root, no secrets, sane permissions: every filesystem rule must stay silent. */
export async function hardenedImage(): Promise<ImageRuleContext> {
  return imageContext([
    { entries: baseEntries(), createdBy: 'base' },
    {
      createdBy: '/bin/sh -c #(nop) COPY --chown=10001:10001 dir:app in /app',
      entries: [
        { name: 'app/', type: 'directory', uid: 10001 },
        // Secret-looking words without secrets: the engine must not fire.
        { name: 'app/config.yaml', content: 'password_field: password\nsecretName: app-db-secret\ntoken_budget: 100\n', uid: 10001 },
        { name: 'app/server.js', content: 'const token = process.env.API_TOKEN;\nconsole.log(token ? "ok" : "missing");\n', uid: 10001 },
        { name: 'app/.env.example', content: 'API_TOKEN=\nDB_PASSWORD=changeme\n', uid: 10001 },
        { name: 'home/app/.ssh/id_rsa.pub', content: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx app@host\n', uid: 10001 },
      ],
    },
  ]);
}
