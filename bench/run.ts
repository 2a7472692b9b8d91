/**
 * `npm run bench`: throughput of the build-phase scanner. Prints numbers and ratios from one run
 * (the machines are noisy, so compare within a run, not across runs).
 *
 *   BENCH_FILES   files in the generated context   (default 50000)
 *   BENCH_MB      total size of the context in MiB (default 1024)
 *   BENCH_DIR     where to generate it             (default $TMPDIR/leftshift-bench-<files>-<mb>; reused)
 *   BENCH_IMAGE_MB  uncompressed size of the benchmark image (default 1024; a quarter-size one is built too)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listContextFiles } from '../src/source/context.js';
import { scanDockerfile } from '../src/scan/dockerfile-scan.js';
import { buildPhaseRules } from '../src/rules/index.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import { generateCorpus, measureSecretThroughput } from '../src/analyze/secret/bench-helper.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { ensureBenchImage } from './image-fixture.js';
import { benchMatch, importOsv } from './vuln-match.js';
import { benchImageSecrets } from './secret-image.js';
import { generateManifests } from '../src/deploy/kubernetes/bench-helper.js';
import { kubernetesScanner } from '../src/deploy/kubernetes/index.js';

const IMAGE_MB = Number(process.env.BENCH_IMAGE_MB ?? 1024);

const FILES = Number(process.env.BENCH_FILES ?? 50_000);
const MB = Number(process.env.BENCH_MB ?? 1024);
const DIR = process.env.BENCH_DIR ?? join(tmpdir(), `leftshift-bench-${FILES}-${MB}`);

/** Deterministic bytes: a xorshift stream, so the context is the same on every machine. */
function pseudoRandom(seed: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let x = seed | 1;
  for (let i = 0; i < len; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf.writeInt32LE(x | 0, Math.min(i, len - 4) - (i > len - 4 ? 0 : 0));
  }
  return buf;
}

/**
 * A context shaped like a real repository: 80% of files are small source/config text (mostly
 * under 16 KiB), 20% are binary assets holding most of the bytes; a few dozen contain secrets.
 */
async function generateContext(): Promise<void> {
  const marker = join(DIR, '.complete');
  if (existsSync(marker)) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const textCount = Math.floor(FILES * 0.8);
  const binCount = FILES - textCount - 1;
  const corpus = generateCorpus(24 * 1024 * 1024, 42);
  const textBytesEach = Math.min(16 * 1024, Math.floor((MB * 1024 * 1024 * 0.25) / textCount));
  const binBytesEach = Math.max(1, Math.floor((MB * 1024 * 1024 - textCount * textBytesEach) / Math.max(binCount, 1)));
  const binPool = pseudoRandom(99, Math.min(binBytesEach * 4, 64 * 1024 * 1024));
  binPool[0] = 0; // a NUL in the first bytes, as in real binaries
  process.stderr.write(`generating ${FILES} files / ${MB} MiB in ${DIR} ...\n`);
  let written = 0;
  for (let i = 0; i < textCount; i++) {
    const dir = join(DIR, 'src', `m${i % 200}`, `d${i % 7}`);
    if (i < 1400) mkdirSync(dir, { recursive: true });
    const start = (i * 7919 * 13) % (corpus.length - textBytesEach);
    writeFileSync(join(dir, `f${i}.ts`), corpus.slice(start, start + textBytesEach));
    written += textBytesEach;
  }
  for (let i = 0; i < binCount; i++) {
    const dir = join(DIR, 'assets', `a${i % 100}`);
    if (i < 100) mkdirSync(dir, { recursive: true });
    const off = (i * 4099) % Math.max(1, binPool.length - binBytesEach);
    const chunk = binPool.subarray(off, off + binBytesEach);
    const fh = await open(join(dir, `b${i}.bin`), 'w');
    await fh.write(Buffer.concat([Buffer.from([0]), chunk.subarray(1)]));
    await fh.close();
    written += binBytesEach;
  }
  writeFileSync(join(DIR, 'Dockerfile'), 'FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\nCMD ["node", "src/index.js"]\n');
  writeFileSync(marker, String(written));
}

function rate(n: number, seconds: number): string {
  return (n / seconds).toFixed(n / seconds > 100 ? 0 : 1);
}

async function benchContext(): Promise<void> {
  await generateContext();
  const bytes = Number(readFileSync(join(DIR, '.complete'), 'utf8'));
  let t = performance.now();
  const listed = await listContextFiles(DIR, { dockerfile: join(DIR, 'Dockerfile') });
  const walkS = (performance.now() - t) / 1000;
  const text = readFileSync(join(DIR, 'Dockerfile'), 'utf8');
  t = performance.now();
  const r = await scanDockerfile({ text, displayPath: 'Dockerfile', absPath: join(DIR, 'Dockerfile'), contextDir: DIR, displayRoot: DIR, rules: buildPhaseRules() });
  const scanS = (performance.now() - t) / 1000;
  const secrets = r.target.findings.filter((f) => f.kind === 'secret').length;
  console.log(`context: ${listed.files.length} files, ${(bytes / 1048576).toFixed(0)} MiB`);
  console.log(`  walk only                      ${walkS.toFixed(2)} s   ${rate(listed.files.length, walkS)} files/s`);
  console.log(`  walk + COPY trace + secrets    ${scanS.toFixed(2)} s   ${rate(listed.files.length, scanS)} files/s   ${rate(bytes / 1048576, scanS)} MiB/s   (${secrets} secret findings)`);
}

function benchSecretEngine(): void {
  const r = measureSecretThroughput(16 * 1024 * 1024, 7, 3);
  console.log(`secret engine on ${r.mebibytes} MiB of source-like text (${r.matches} secrets):`);
  console.log(`  keyword automaton (default)    ${r.automaton} MiB/s   (bytes: ${r.automatonBuffer} MiB/s)`);
  console.log(`  former prefilter (combined)    ${r.combinedRegex} MiB/s`);
  console.log(`  prefilter (indexOf/keyword)    ${r.indexOf} MiB/s`);
  console.log(`  every regex on every file      ${r.noPrefilter} MiB/s   (bytes: ${r.noPrefilterBuffer} MiB/s)`);
  console.log(`  prefilter speed-up             ${(r.automaton / r.noPrefilter).toFixed(2)}x (former: ${(r.combinedRegex / r.noPrefilter).toFixed(2)}x; CPU time)`);
}

function benchRules(): void {
  const samples = [
    readFileSync(new URL('../../examples/insecure-node/Dockerfile', import.meta.url), 'utf8'),
    readFileSync(new URL('../../examples/hardened-node/Dockerfile', import.meta.url), 'utf8'),
    Array.from({ length: 30 }, (_, i) => `FROM debian:12-slim AS s${i}\nARG V${i}=1\nENV P${i}=/opt/${i}\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u${i} \\\n  && rm -rf /var/lib/apt/lists/*\nCOPY --from=s${Math.max(0, i - 1)} /opt /opt\nWORKDIR /opt/${i}\n`).join('') + 'USER 1000\nCMD ["/opt/app"]\n',
  ];
  const rules = buildPhaseRules();
  const run = () => {
    for (const text of samples) {
      const df = parseDockerfile(text, 'Dockerfile');
      for (const rule of rules) rule.check({ dockerfile: df });
    }
  };
  for (let i = 0; i < 20; i++) run();
  const n = 300;
  const t = performance.now();
  for (let i = 0; i < n; i++) run();
  const s = (performance.now() - t) / 1000;
  console.log(`dockerfile rules: ${rules.length} rules, ${rate(n * samples.length, s)} Dockerfiles/s (parse + every rule; mix of 3 files, ${samples.map((x) => x.split('\n').length).join('/')} lines)`);
}

async function benchImages(): Promise<void> {
  // Each run in its own process so peak RSS is that run's alone.
  const run = (ref: string, cache: string) => {
    const r = spawnSync(process.execPath, [new URL('./image-child.js', import.meta.url).pathname, ref, cache], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`image bench child failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { seconds: number; maxRSSMiB: number; packages: number; layers: number };
  };
  const small = await ensureBenchImage(join(tmpdir(), `leftshift-bench-image-${IMAGE_MB / 4}`), IMAGE_MB / 4);
  const big = await ensureBenchImage(join(tmpdir(), `leftshift-bench-image-${IMAGE_MB}`), IMAGE_MB);
  const cache = mkdtempSync(join(tmpdir(), 'leftshift-bench-cache-'));
  try {
    const s = run(small, 'none');
    const cold = run(big, cache);
    const warm = run(big, cache);
    console.log(`image SBOM (${cold.layers} layers, ~${IMAGE_MB} MiB uncompressed, ${cold.packages} packages):`);
    console.log(`  cold (no cache)                ${cold.seconds.toFixed(2)} s   peak RSS ${cold.maxRSSMiB.toFixed(0)} MiB`);
    console.log(`  warm (layer cache)             ${warm.seconds.toFixed(2)} s   peak RSS ${warm.maxRSSMiB.toFixed(0)} MiB   (${(cold.seconds / warm.seconds).toFixed(1)}x faster)`);
    const sec = await benchImageSecrets(big);
    console.log(`secret scanning over all layers of that image: ${sec.scannedMiB} MiB of text in ${sec.filesScanned} files`);
    console.log(`  keyword prefilter              ${sec.prefilterMiBps} MiB/s`);
    console.log(`  every regex on every file      ${sec.noPrefilterMiBps} MiB/s   (prefilter ${sec.speedup}x faster, CPU time; ${sec.matchesPrefilter} = ${sec.matchesNoPrefilter} matches)`);
    console.log(`  same scan of a ${IMAGE_MB / 4} MiB image   ${s.seconds.toFixed(2)} s   peak RSS ${s.maxRSSMiB.toFixed(0)} MiB   (RSS ratio big/small ${(cold.maxRSSMiB / s.maxRSSMiB).toFixed(2)}: streaming keeps it ~1)`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function benchManifests(): Promise<void> {
  const files = generateManifests(10_000, 42);
  const options = { allowedRegistries: [], production: true, now: new Date() };
  await kubernetesScanner.scan(files.slice(0, 200), options); // warm-up
  const t = performance.now();
  const r = await kubernetesScanner.scan(files, options);
  const s = (performance.now() - t) / 1000;
  const findings = r.targets.reduce((n, x) => n + x.findings.length, 0);
  console.log(`kubernetes manifests: 10000 documents in ${files.length} files, ${s.toFixed(2)} s, ${rate(10_000, s)} manifests/s (${findings} findings)`);
}

function benchVulns(): void {
  const source = process.env.BENCH_OSV ?? new URL('../../../shared/vulndb/osv', import.meta.url).pathname;
  if (!existsSync(source)) {
    console.log(`vulnerability DB: skipped (no OSV data at ${source}; set BENCH_OSV)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'leftshift-bench-vuln-'));
  try {
    const dbPath = join(dir, 'vuln.db');
    const t = performance.now();
    const imported = importOsv(source, { dbPath });
    const s = (performance.now() - t) / 1000;
    const records = Object.values(imported.counts).reduce((a, b) => a + b, 0);
    console.log(`vulnerability DB import: ${records} advisories in ${s.toFixed(1)} s (${rate(records, s)} records/s), ${(imported.sizeBytes / 1048576).toFixed(0)} MiB`);
    const m = benchMatch(dbPath, 5000);
    console.log(`vulnerability matching: ${m.packages} packages, ${m.lookups} lookups, ${m.matches} matches in ${m.seconds.toFixed(2)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchRules();
await benchManifests();
benchVulns();
benchSecretEngine();
await benchContext();
await benchImages();
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
