import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeployInputFile, DeployOptions, DeployScanner } from '../deploy/types.js';
import type { Target } from '../findings/types.js';
import { decodeText, looksBinary } from '../analyze/secret/index.js';

/** Deploy files larger than this are not read (a 10 MiB manifest is already unusual). */
const MAX_DEPLOY_FILE = 10 * 1024 * 1024;
const HEAD_BYTES = 4096;

export interface DeployScanOutput {
  targets: Target[];
  warnings: string[];
}

/**
 * Offers every candidate file to every deploy scanner (Kubernetes, Compose, Nomad, daemon.json,
 * docker run lines); each scanner then checks all the files it claimed together.
 */
export async function scanDeployFiles(root: string, candidates: string[], scanners: DeployScanner[], options: DeployOptions, display: (rel: string) => string): Promise<DeployScanOutput> {
  const claimed = new Map<DeployScanner, DeployInputFile[]>();
  const warnings: string[] = [];
  for (const rel of candidates) {
    let text: string;
    try {
      const fh = await open(join(root, rel), 'r');
      try {
        const { size } = await fh.stat();
        if (size > MAX_DEPLOY_FILE) {
          const head = Buffer.alloc(HEAD_BYTES);
          await fh.read(head, 0, HEAD_BYTES, 0);
          if (scanners.some((s) => s.claims(rel, decodeText(head)))) warnings.push(`${display(rel)}: ${size} bytes is over the ${MAX_DEPLOY_FILE}-byte limit for deploy files; not scanned`);
          continue;
        }
        const buf = await fh.readFile();
        if (looksBinary(buf)) continue;
        text = decodeText(buf);
      } finally {
        await fh.close();
      }
    } catch (e) {
      warnings.push(`cannot read ${display(rel)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    const head = text.slice(0, HEAD_BYTES);
    for (const scanner of scanners) {
      if (!scanner.claims(rel, head)) continue;
      const list = claimed.get(scanner) ?? [];
      list.push({ path: display(rel), text });
      claimed.set(scanner, list);
    }
  }
  const targets: Target[] = [];
  for (const [scanner, files] of claimed) {
    try {
      const r = await scanner.scan(files, options);
      targets.push(...r.targets);
      warnings.push(...r.warnings);
    } catch (e) {
      warnings.push(`${scanner.kind} scanner failed: ${(e as Error).message}`);
    }
  }
  return { targets, warnings };
}
