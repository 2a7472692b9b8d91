import { test } from 'node:test';
import assert from 'node:assert/strict';
import remoteAdd from '../../../../src/rules/image/config/remote-add.js';
import pipeToShell from '../../../../src/rules/image/config/pipe-to-shell.js';
import chmod from '../../../../src/rules/image/config/chmod-world-writable.js';
import upgrade from '../../../../src/rules/image/config/system-upgrade.js';
import { createRng, fakeChecksummedToken } from '../../../../src/analyze/secret/fake-tokens.js';
import { baseFiles, hitsOf, type TestImageSpec } from './helpers.js';

/** An image whose second layer was made by `createdBy`. */
function imageWithStep(createdBy: string): TestImageSpec {
  return { layers: [{ files: baseFiles() }, { files: [{ name: 'opt/', type: 'directory' }], createdBy }] };
}

test('LS-IMG-008 fires on ADD of a URL (LOW with --checksum) and names the layer', async () => {
  const hits = await hitsOf(remoteAdd, imageWithStep('ADD https://user:pw@example.com/tool.tgz /opt/ # buildkit'));
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.layer?.index, 1);
  assert.equal(hits[0]!.details?.historyIndex, 1);
  assert.match(hits[0]!.message, /example\.com\/tool\.tgz/);
  assert.ok(!JSON.stringify(hits).includes('user:pw'), 'URL credentials are hidden');
  const verified = await hitsOf(remoteAdd, imageWithStep('ADD --checksum=sha256:abcd https://example.com/tool.tgz /opt/ # buildkit'));
  assert.equal(verified[0]!.severity, 'LOW');
});

test('LS-IMG-008 does not fire on local ADD/COPY steps', async () => {
  assert.deepEqual(await hitsOf(remoteAdd, imageWithStep('/bin/sh -c #(nop) ADD file:0123abcd in /opt/')), []);
  assert.deepEqual(await hitsOf(remoteAdd, imageWithStep('COPY https.txt /opt/ # buildkit')), []);
});

test('LS-IMG-009 fires on curl | sh, wget into sudo bash and sh -c "$(curl …)"', async () => {
  for (const cmd of [
    '/bin/sh -c curl -fsSL https://get.example.com | sh',
    '/bin/sh -c apt-get update && wget -qO- https://x.example/i.sh | sudo -E bash -s -- --yes',
    'RUN /bin/sh -c sh -c "$(curl -fsSL https://x.example/i.sh)" # buildkit',
  ]) {
    const hits = await hitsOf(pipeToShell, imageWithStep(cmd));
    assert.equal(hits.length, 1, cmd);
    assert.equal(hits[0]!.layer?.index, 1);
  }
});

test('LS-IMG-009 quotes the step, with secrets in it masked', async () => {
  const token = fakeChecksummedToken(createRng(3), 'ghp_');
  const hits = await hitsOf(pipeToShell, imageWithStep(`|1 GH_TOKEN=${token} /bin/sh -c curl -fsSL -H "Authorization: token ${token}" https://x.example/i.sh | sh`));
  assert.equal(hits.length, 1);
  assert.match(hits[0]!.message, /history step 1 \(layer 1, sha256:[0-9a-f]{12}…?\) "\|1 GH_TOKEN=/);
  assert.match(hits[0]!.message, /curl -fsSL/);
  assert.ok(!JSON.stringify(hits).includes(token));
  assert.ok(!JSON.stringify(hits).includes(token.slice(4, 20)));
});

test('LS-IMG-009 does not fire on downloads to a file or piped into non-shells', async () => {
  for (const cmd of ['/bin/sh -c curl -fsSLo /tmp/i.sh https://x.example/i.sh && sh /tmp/i.sh', '/bin/sh -c curl -fsSL https://x.example/k.asc | gpg --dearmor -o /k.gpg', '/bin/sh -c echo "curl x | sh"']) {
    assert.deepEqual(await hitsOf(pipeToShell, imageWithStep(cmd)), [], cmd);
  }
});

test('LS-IMG-010 fires on chmod 777 and a+rwx, not on 755 or 1777', async () => {
  const hits = await hitsOf(chmod, imageWithStep('/bin/sh -c chmod -R 777 /app && chmod a+rwx /data'));
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.details?.modes, ['777', 'a+rwx']);
  assert.deepEqual(await hitsOf(chmod, imageWithStep('/bin/sh -c chmod -R 755 /app && chmod 1777 /scratch')), []);
});

test('LS-IMG-011 fires on apt-get dist-upgrade, apk upgrade and bare yum update', async () => {
  for (const [cmd, shown] of [
    ['/bin/sh -c apt-get update && apt-get -o Dpkg::Options::=--force-confold -y dist-upgrade', 'apt-get dist-upgrade'],
    ['/bin/sh -c apk upgrade --no-cache', 'apk upgrade'],
    ['/bin/sh -c yum -y update && yum clean all', 'yum update'],
  ] as const) {
    const hits = await hitsOf(upgrade, imageWithStep(cmd));
    assert.equal(hits.length, 1, cmd);
    assert.deepEqual(hits[0]!.details?.commands, [shown]);
  }
});

test('LS-IMG-011 does not fire on installs or targeted updates', async () => {
  assert.deepEqual(await hitsOf(upgrade, imageWithStep('/bin/sh -c apt-get update && apt-get install -y curl && yum update openssl')), []);
});
