/**
 * Shared machinery for the reference-tool comparator tests: deterministic pair generation,
 * real versions from the OSV dumps, and one batch invocation of the reference tool per run,
 * cached under os.tmpdir() (keyed by the pairs and the script) so repeated runs are fast.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidVersionError } from '../../../src/vuln/version/util.js';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Reference scripts live in the source tree; compiled tests (dist/) do not carry them, so look
 * beside this file, then in each ancestor's test/vuln/version/reference, then under the cwd.
 */
function findReferenceDir(): string {
  const rel = join('test', 'vuln', 'version', 'reference');
  const candidates = [join(here, 'reference')];
  for (let d = here; dirname(d) !== d; d = dirname(d)) candidates.push(join(d, rel));
  candidates.push(join(process.cwd(), rel));
  return candidates.find((d) => existsSync(join(d, 'extract-versions.py'))) ?? join(here, 'reference');
}
export const REFERENCE_DIR = findReferenceDir();
export const OSV_DIR = '/work/shared/vulndb/osv';
const CACHE = join(tmpdir(), 'leftshift-vercmp-cache');

export type Pair = [string, string];

/** Small seeded PRNG (mulberry32) so every run tests the same pairs. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Random string built by concatenating `n` fragments drawn from `alphabet`. */
export function randomFrom(r: () => number, alphabet: readonly string[], min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += pick(r, alphabet);
  return s;
}

function cacheFile(name: string): string {
  mkdirSync(CACHE, { recursive: true });
  return join(CACHE, name);
}

function hash(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Distinct versions in an OSV ecosystem dump (optionally filtered by ecosystem prefix); [] when absent. */
export function osvVersions(zipDir: string, prefix = ''): string[] {
  const zip = join(OSV_DIR, zipDir, 'all.zip');
  if (!existsSync(zip) || !existsSync(join(REFERENCE_DIR, 'extract-versions.py'))) return [];
  const f = cacheFile(`osv-${hash(zipDir, prefix, readFileSync(join(REFERENCE_DIR, 'extract-versions.py'), 'utf8'))}.txt`);
  if (!existsSync(f)) {
    const res = spawnSync('python3', [join(REFERENCE_DIR, 'extract-versions.py'), zip, prefix], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (res.status !== 0) return [];
    writeFileSync(f, res.stdout);
  }
  return readFileSync(f, 'utf8').split('\n').filter((l) => l !== '');
}

/** Random pairs of real versions, plus each version against itself and its sorted neighbour. */
export function realPairs(r: () => number, versions: readonly string[], n: number): Pair[] {
  const out: Pair[] = [];
  if (versions.length === 0) return out;
  for (let i = 0; i < n; i++) out.push([pick(r, versions), pick(r, versions)]);
  // Neighbours in lexical order are the pairs that differ in one small detail.
  const sorted = [...versions].sort();
  for (let i = 0; i + 1 < sorted.length && i < n; i += Math.max(1, Math.floor(sorted.length / n))) {
    out.push([sorted[i], sorted[i + 1]]);
  }
  return out;
}

/** What a reference script prints instead of -1/0/1 when it rejects either input. */
export const INVALID = 2;

export interface ReferenceRun {
  results?: number[];
  skip?: string;
}

/**
 * Run `cmd args... PAIRS_FILE` once for all pairs; expects one integer per pair on stdout.
 * `probe` checks the tool exists so a missing tool skips (with the reason) instead of failing.
 */
export function runReference(
  name: string,
  cmd: string,
  args: string[],
  pairs: readonly Pair[],
  probe: { cmd: string; args: string[] },
  salt = '',
): ReferenceRun {
  for (const [a, b] of pairs) {
    if (/[\t\n]/.test(a + b)) throw new Error(`pair contains tab/newline: ${a} ${b}`);
  }
  const body = pairs.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n';
  const scriptText = args
    .filter((a) => a.startsWith(REFERENCE_DIR) && existsSync(a))
    .map((a) => readFileSync(a, 'utf8'))
    .join('');
  const key = hash(name, cmd, args.join(' '), scriptText, body, salt);
  const out = cacheFile(`${name}-${key}.out`);
  if (existsSync(out)) return { results: parseResults(readFileSync(out, 'utf8'), pairs.length, name) };
  const missing = args.find((a) => a.startsWith(REFERENCE_DIR) && !existsSync(a));
  if (missing) return { skip: `${name} reference script not found: ${missing}` };
  const p = spawnSync(probe.cmd, probe.args, { encoding: 'utf8' });
  if (p.error || p.status !== 0) return { skip: `${name} reference tool unavailable (${probe.cmd}): ${p.error?.message ?? p.stderr}` };
  const pairsFile = cacheFile(`${name}-${key}.pairs`);
  writeFileSync(pairsFile, body);
  const res = spawnSync(cmd, [...args, pairsFile], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`${name} reference failed (${res.status}): ${res.stderr.slice(0, 2000)}`);
  const results = parseResults(res.stdout, pairs.length, name);
  writeFileSync(out, res.stdout);
  return { results };
}

function parseResults(text: string, n: number, name: string): number[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (lines.length !== n) throw new Error(`${name}: expected ${n} results, got ${lines.length}`);
  return lines.map((l) => (Number(l) === INVALID ? INVALID : Math.sign(Number(l))));
}

export interface Agreement {
  total: number;
  agree: number;
  /** Of `agree`, pairs both sides rejected as invalid (so not an ordering check). */
  rejected: number;
  disagreements: string[];
}

/**
 * Compare ours to the reference. If ours throws InvalidVersionError the result is INVALID, which
 * agrees only with a reference that also rejected the pair; any other throw is a disagreement.
 */
export function agreement(pairs: readonly Pair[], ref: readonly number[], ours: (a: string, b: string) => number): Agreement {
  let agree = 0;
  let rejected = 0;
  const disagreements: string[] = [];
  pairs.forEach(([a, b], i) => {
    let got: number | string;
    try {
      got = ours(a, b);
    } catch (e) {
      got = e instanceof InvalidVersionError ? INVALID : `threw ${(e as Error).message}`;
    }
    if (got === ref[i]) {
      agree++;
      if (got === INVALID) rejected++;
    }
    else if (disagreements.length < 25) disagreements.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: reference ${ref[i]}, ours ${got}`);
  });
  return { total: pairs.length, agree, rejected, disagreements };
}

/** Print the per-scheme agreement line the report quotes (visible in the test output). */
export function logAgreement(scheme: string, tool: string, a: Agreement): void {
  console.log(`# agreement ${scheme} vs ${tool}: ${a.agree}/${a.total} (${a.agree - a.rejected} ordered, ${a.rejected} rejected by both)`);
}
