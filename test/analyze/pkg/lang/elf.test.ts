import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findSection, maybeExecutable, readAtAddress, readElf, sectionData } from '../../../../src/analyze/pkg/lang/elf.js';
import { buildElf } from './elf-builder.js';
import { fileInfo, need } from './helpers.js';
import { goFixture } from './make-fixtures.js';

/** `readelf -S -W`: name, address, offset, size of each section (binutils, the reference). */
function readelfSections(path: string): Array<{ name: string; addr: number; offset: number; size: number }> {
  const out = execFileSync('readelf', ['-S', '-W', path], { encoding: 'utf8' });
  const rows: Array<{ name: string; addr: number; offset: number; size: number }> = [];
  for (const line of out.split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S*)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)/.exec(line);
    if (m && m[1] !== '0') rows.push({ name: m[2], addr: parseInt(m[3], 16), offset: parseInt(m[4], 16), size: parseInt(m[5], 16) });
  }
  return rows;
}

describe('ELF section reader (reference: readelf -S -W)', () => {
  it('real binaries: 64-bit LE, 32-bit LE, 64-bit BE (Go cross builds) and a C binary', (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const files = [join(dir, 'app'), join(dir, 'app-386'), join(dir, 'app-s390x')];
    if (existsSync('/usr/bin/ls')) files.push('/usr/bin/ls');
    for (const f of files) {
      const elf = readElf(readFileSync(f));
      assert.ok(typeof elf !== 'string', `${f}: ${String(elf)}`);
      const ref = readelfSections(f);
      assert.ok(ref.length > 5, f);
      assert.deepEqual(elf.sections.slice(1).map(({ name, addr, offset, size }) => ({ name, addr, offset, size })), ref, f);
    }
    const be = readElf(readFileSync(join(dir, 'app-s390x')));
    assert.ok(typeof be !== 'string' && !be.littleEndian && be.bits === 64);
    const x86 = readElf(readFileSync(join(dir, 'app-386')));
    assert.ok(typeof x86 !== 'string' && x86.littleEndian && x86.bits === 32);
  });

  it('maps virtual addresses through sections, and through segments when sections are gone', (t) => {
    const dir = need(t, goFixture());
    if (!dir) return;
    const buf = Buffer.from(readFileSync(join(dir, 'app')));
    const elf = readElf(buf);
    assert.ok(typeof elf !== 'string');
    const rodata = findSection(elf, '.rodata')!;
    const want = sectionData(buf, rodata) as Buffer;
    assert.deepEqual(readAtAddress(buf, elf, rodata.addr + 100, 32), want.subarray(100, 132));
    const noSections = { ...elf, sections: [] };
    assert.ok(elf.segments.length > 0);
    assert.deepEqual(readAtAddress(buf, noSections, rodata.addr + 100, 32), want.subarray(100, 132), 'via PT_LOAD');
    assert.equal(readAtAddress(buf, elf, 0x10, 8), undefined, 'unmapped address');
  });

  it('malformed files: errors as values', () => {
    assert.equal(readElf(Buffer.from('#!/bin/sh\necho hi\n')), 'not an ELF file');
    assert.equal(readElf(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1])), 'truncated ELF header');
    const bad = Buffer.alloc(64);
    bad.set([0x7f, 0x45, 0x4c, 0x46, 3, 1]);
    assert.match(String(readElf(bad)), /unknown ELF class/);
    const elf = buildElf({ bits: 64, littleEndian: true, sections: [{ name: '.a', data: Buffer.from('x') }] });
    assert.match(String(readElf(elf.subarray(0, elf.length - 60))), /section header table extends past/);
    const huge = Buffer.from(elf);
    huge.writeUInt16LE(0, 0x3c); // e_shnum 0: the real count is in section 0's size field…
    huge.writeBigUInt64LE(10_000_000n, huge.readUInt32LE(0x28) + 32); // …which claims ten million
    assert.match(String(readElf(huge)), /implausible section count/);
    const nobits = buildElf({ bits: 32, littleEndian: false, sections: [{ name: '.bss', data: Buffer.alloc(16), type: 8 }] });
    const parsed = readElf(nobits);
    assert.ok(typeof parsed !== 'string');
    assert.match(String(sectionData(nobits, findSection(parsed, '.bss')!)), /no file data/);
  });

  it('maybeExecutable is a cheap path/mode/size test', () => {
    assert.equal(maybeExecutable('app/server', fileInfo('', 1000, 0o755)), true);
    assert.equal(maybeExecutable('usr/sbin/daemon', fileInfo('', 1000, 0o644)), true);
    assert.equal(maybeExecutable('usr/libexec/helper', fileInfo('', 1000, 0o644)), true);
    assert.equal(maybeExecutable('usr/lib/libx.so', fileInfo('', 1000, 0o644)), false);
    assert.equal(maybeExecutable('app/run.py', fileInfo('', 1000, 0o755)), false);
    assert.equal(maybeExecutable('app/tiny', fileInfo('', 10, 0o755)), false);
    assert.equal(maybeExecutable('usr/bin', fileInfo('', 4096, 0o755, 'dir')), false);
  });
});
