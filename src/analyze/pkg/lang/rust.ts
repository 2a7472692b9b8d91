/** Rust cataloger: crates recorded in binaries by cargo-auditable (`.dep-v0`) and in `Cargo.lock`. */
import type { FileInfo } from '../../../image/fs-types.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../../analyzer.js';
import { basename, guarded, type OutputBuilder, text } from './common.js';
import { isElf, maybeExecutable } from './elf.js';
import { parseCargoLock, readCargoAuditable, type RustCrate } from './cargo.js';
import { GO_MAX_BYTES } from './go.js';

export function wantsRust(path: string, info: FileInfo): boolean {
  if (basename(path) === 'Cargo.lock') return info.type === 'file' && !/(^|\/)(\.cargo|cargo)\/registry\//.test(path);
  return maybeExecutable(path, info);
}

function addCrates(crates: RustCrate[], out: OutputBuilder, file: AnalyzerInput, foundBy: string): void {
  for (const c of crates) {
    out.add({
      type: 'cargo',
      name: c.name,
      version: c.version,
      path: file.path,
      layer: file.layer,
      dependsOn: c.dependencies,
      foundBy,
      metadata: { source: c.source, kind: foundBy === 'rust-cargo-auditable' ? c.kind : undefined, root: c.root, checksum: c.checksum },
    });
  }
}

export const rustAnalyzer: Analyzer = {
  name: 'rust',
  version: 1,
  // Same reasoning as Go: the section can sit anywhere in the file, so binaries are read whole.
  maxBytes: GO_MAX_BYTES,
  wants: wantsRust,
  analyze(file: AnalyzerInput): AnalyzerOutput | undefined {
    return guarded(file, (out) => {
      if (isElf(file.content)) {
        const crates = readCargoAuditable(file.content);
        if (crates === undefined) {
          if (file.truncated) out.warn('binary read truncated; no .dep-v0 section found in the bytes read');
          return;
        }
        if ('error' in crates) {
          // Most ELF files are not Rust: only a file with a `.dep-v0` or a truncated read is worth a word.
          if (file.content.includes('.dep-v0', 0, 'latin1') || file.truncated) out.warn(`cargo-auditable data unreadable: ${crates.error}`);
          return;
        }
        addCrates(crates, out, file, 'rust-cargo-auditable');
      } else if (basename(file.path) === 'Cargo.lock') {
        const lock = parseCargoLock(text(file.content));
        for (const w of lock.warnings) out.warn(w);
        addCrates(lock.crates, out, file, 'rust-cargo-lock');
      }
    });
  },
};
