import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historySteps, parseCreatedBy, safeExcerpt } from '../../../../src/rules/image/config/history.js';
import { stepCommands } from '../../../../src/rules/image/config/step-commands.js';
import { createRng, fakeChecksummedToken } from '../../../../src/analyze/secret/fake-tokens.js';
import type { ImageMetadata } from '../../../../src/image/types.js';

const GH = fakeChecksummedToken(createRng(11), 'ghp_');

test('parseCreatedBy reads classic, BuildKit and custom-shell texts', () => {
  assert.deepEqual(parseCreatedBy('/bin/sh -c apt-get update'), { buildArgs: [], script: 'apt-get update' });
  assert.deepEqual(parseCreatedBy('|2 A=1 B=two /bin/sh -c make'), { buildArgs: [{ key: 'A', value: '1' }, { key: 'B', value: 'two' }], script: 'make' });
  assert.deepEqual(parseCreatedBy('RUN |1 A=1 /bin/sh -c make install # buildkit'), { buildArgs: [{ key: 'A', value: '1' }], script: 'make install' });
  assert.deepEqual(parseCreatedBy('/bin/sh -c #(nop)  ENV A=b'), { buildArgs: [], instruction: { keyword: 'ENV', body: 'A=b' } });
  assert.deepEqual(parseCreatedBy('ADD https://x.example/a.tgz /opt/ # buildkit'), { buildArgs: [], instruction: { keyword: 'ADD', body: 'https://x.example/a.tgz /opt/' } });
  assert.deepEqual(parseCreatedBy('/bin/bash -o pipefail -c curl x | bash').script, 'curl x | bash');
  assert.deepEqual(parseCreatedBy('debootstrap --variant=minbase bookworm'), { buildArgs: [] });
});

test('historySteps maps non-empty steps to layers in order, and none when counts differ', () => {
  const metadata = {
    config: { history: [{ created_by: 'a' }, { created_by: 'ENV', empty_layer: true }, { created_by: 'b' }] },
  } as unknown as ImageMetadata; // only config.history is read
  const layers = [
    { index: 0, diffID: 'sha256:aa' },
    { index: 1, diffID: 'sha256:bb' },
  ];
  const steps = historySteps({ metadata, layers });
  assert.deepEqual(steps.map((s) => s.layer?.index), [0, undefined, 1]);
  assert.equal(steps[1]!.emptyLayer, true);
  assert.deepEqual(historySteps({ metadata, layers: layers.slice(0, 1) }).map((s) => s.layer), [undefined, undefined, undefined]);
});

test('safeExcerpt masks engine matches and secret-named values, and clips', () => {
  const text = `|1 DB_PASSWORD=hunter2hunter2 /bin/sh -c echo ${GH} > /t`;
  const out = safeExcerpt(text);
  assert.ok(!out.includes(GH));
  assert.ok(!out.includes('hunter2hunter2'));
  assert.match(out, /DB_PASSWORD=/);
  assert.equal(safeExcerpt('x'.repeat(500), 50).length, 50);
});

test('stepCommands unwraps sudo and parses nested sh -c', () => {
  const cmds = stepCommands({ createdBy: `/bin/sh -c sudo -E sh -c 'apt-get -y upgrade'` });
  assert.deepEqual(cmds.map((c) => c.name), ['sh', 'apt-get']);
});
