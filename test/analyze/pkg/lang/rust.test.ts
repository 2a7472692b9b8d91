import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { parseCargoLock, readCargoAuditable } from '../../../../src/analyze/pkg/lang/cargo.js';
import { rustAnalyzer, wantsRust } from '../../../../src/analyze/pkg/lang/rust.js';
import { buildElf } from './elf-builder.js';
import { analyze, fileInfo, ids, input, need } from './helpers.js';
import { rustFixture } from './make-fixtures.js';

interface CargoMetadata {
  packages: Array<{ id: string; name: string; version: string; source: string | null }>;
  resolve: { root: string; nodes: Array<{ id: string; deps: Array<{ name: string; pkg: string }> }> };
}

function metadata(dir: string): CargoMetadata {
  return JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as CargoMetadata;
}

describe('Cargo.lock written by cargo (reference: cargo metadata)', () => {
  it('every resolved package, with sources, checksums and dependency names', async (t) => {
    const dir = need(t, rustFixture());
    if (!dir) return;
    const meta = metadata(dir);
    const lock = parseCargoLock(readFileSync(join(dir, 'Cargo.lock'), 'utf8'));
    assert.deepEqual(lock.warnings, []);
    assert.equal(lock.version, 4);
    assert.deepEqual(ids(lock.crates), ids(meta.packages));
    for (const p of meta.packages) {
      const c = lock.crates.find((x) => x.name === p.name)!;
      assert.equal(c.source, p.source ?? undefined, `${p.name} source`);
      const node = meta.resolve.nodes.find((n) => n.id === p.id)!;
      const depNames = node.deps.map((d) => meta.packages.find((x) => x.id === d.pkg)!.name).sort();
      assert.deepEqual([...c.dependencies].sort(), depNames, `${p.name} dependencies`);
    }
    const out = await analyze(rustAnalyzer, input('src/hello/Cargo.lock', readFileSync(join(dir, 'Cargo.lock'))));
    assert.deepEqual(out.packages?.map((p) => p.purl).sort(), ['pkg:cargo/cfg-if@1.0.0', 'pkg:cargo/hello@0.1.0', 'pkg:cargo/itoa@1.0.1']);
    assert.ok(out.packages?.every((p) => p.foundBy === 'rust-cargo-lock'));
    assert.match(String(out.packages?.find((p) => p.name === 'itoa')?.metadata?.checksum), /^[0-9a-f]{64}$/);
  });

  it('format v1 with a [metadata] table and "name version (source)" dependencies', () => {
    const lock = parseCargoLock(
      '[[package]]\nname = "a"\nversion = "0.1.0"\ndependencies = [\n "b 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)",\n]\n\n[[package]]\nname = "b"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[metadata]\n"checksum b 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = "abc"\n',
    );
    assert.deepEqual(lock.crates.map((c) => [c.name, c.version, c.dependencies]), [['a', '0.1.0', ['b']], ['b', '1.0.0', []]]);
    assert.equal(lock.crates.length, 2, '[metadata] is not a package');
  });
});

describe('cargo-auditable .dep-v0 in a cargo-built binary (reference: cargo metadata)', () => {
  it('reads the section objcopy added and maps dependency indices to names', async (t) => {
    const dir = need(t, rustFixture());
    if (!dir) return;
    const meta = metadata(dir);
    const crates = readCargoAuditable(readFileSync(join(dir, 'hello-auditable')));
    assert.ok(Array.isArray(crates), JSON.stringify(crates));
    assert.deepEqual(ids(crates), ids(meta.packages));
    const root = crates.find((c) => c.root);
    assert.equal(root?.name, meta.packages.find((p) => p.id === meta.resolve.root)!.name);
    assert.deepEqual([...root!.dependencies].sort(), ['cfg-if', 'itoa']);
    assert.equal(crates.find((c) => c.name === 'itoa')?.source, 'crates.io');

    const out = await analyze(rustAnalyzer, input('usr/local/bin/hello', readFileSync(join(dir, 'hello-auditable')), { mode: 0o755 }));
    assert.equal(out.warnings, undefined);
    assert.deepEqual(out.packages?.map((p) => p.purl).sort(), ['pkg:cargo/cfg-if@1.0.0', 'pkg:cargo/hello@0.1.0', 'pkg:cargo/itoa@1.0.1']);
    assert.ok(out.packages?.every((p) => p.foundBy === 'rust-cargo-auditable' && p.metadata?.kind === 'runtime'));
  });

  it('the same binary without the section: nothing, no warning', async (t) => {
    const dir = need(t, rustFixture());
    if (!dir) return;
    assert.equal(readCargoAuditable(readFileSync(join(dir, 'hello'))), undefined);
    assert.deepEqual(await analyze(rustAnalyzer, input('usr/local/bin/hello', readFileSync(join(dir, 'hello')), { mode: 0o755 })), {});
  });

  it('malformed sections and truncated binaries give warnings', async (t) => {
    const cases: Array<[string, Buffer]> = [
      ['not zlib', Buffer.from('plain text, not compressed')],
      ['zlib, not JSON', deflateSync(Buffer.from('{"packages": [')) ],
      ['JSON without packages', deflateSync(Buffer.from('{"crates": []}'))],
    ];
    for (const [what, data] of cases) {
      const elf = buildElf({ bits: 64, littleEndian: true, sections: [{ name: '.dep-v0', data }] });
      const out = await analyze(rustAnalyzer, input('bin/x', elf, { mode: 0o755 }));
      assert.equal(out.packages, undefined, what);
      assert.equal(out.warnings?.length, 1, what);
    }
    // A decompression bomb stops at the output cap instead of filling memory.
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const out = await analyze(rustAnalyzer, input('bin/bomb', buildElf({ bits: 32, littleEndian: false, sections: [{ name: '.dep-v0', data: bomb }] }), { mode: 0o755 }));
    assert.match(out.warnings?.[0] ?? '', /not valid zlib data/);

    const dir = need(t, rustFixture());
    if (!dir) return;
    const full = readFileSync(join(dir, 'hello-auditable'));
    const cut = await analyze(rustAnalyzer, input('bin/hello', full.subarray(0, full.length - 4096), { mode: 0o755, truncated: true }));
    assert.equal(cut.packages, undefined);
    assert.equal(cut.warnings?.length, 1);
  });

  it('wants binaries and Cargo.lock, not the cargo registry cache', () => {
    assert.equal(wantsRust('usr/local/bin/hello', fileInfo('', 400_000, 0o755)), true);
    assert.equal(wantsRust('src/app/Cargo.lock', fileInfo('', 400)), true);
    assert.equal(wantsRust('root/.cargo/registry/src/x/foo-1.0/Cargo.lock', fileInfo('', 400)), false);
    assert.equal(wantsRust('usr/share/cargo/registry/foo-1.0/Cargo.lock', fileInfo('', 400)), false);
  });
});
