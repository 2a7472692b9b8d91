import { scanBufferNoPrefilter, scanBufferWithPrefilter, scanTextNoPrefilter, scanTextWithPrefilter } from './engine.js';
import {
  ALPHABET,
  createRng,
  fakeAwsAccessKeyId,
  fakeAwsSecretAccessKey,
  fakeChecksummedToken,
  fakeJwt,
  fakePassword,
  fakePemPrivateKey,
  fakeSlackBotToken,
  fakeStripeKey,
  pick,
  randomString,
  type Rng,
} from './fake-tokens.js';

/**
 * Deterministic, source-code-like text for throughput measurements: JS/TS, Python, YAML,
 * Dockerfile and shell lines, hashes and base64 blobs (the usual regex stressors), words that are
 * secret keywords but not secrets (`tokenCount`, `password_field`), and about one real-format
 * secret per 64 KiB.
 */

const WORDS = [
  'user', 'account', 'order', 'item', 'config', 'value', 'result', 'request', 'response', 'client',
  'server', 'handler', 'cache', 'index', 'buffer', 'layer', 'image', 'digest', 'manifest', 'build',
  'stage', 'context', 'path', 'file', 'entry', 'status', 'count', 'limit', 'offset', 'page', 'name',
  'token', 'password', 'secret', 'session', 'header', 'payload', 'schema', 'module', 'package',
];

function ident(rng: Rng): string {
  const a = pick(rng, WORDS);
  const b = pick(rng, WORDS);
  return rng() < 0.5 ? a : a + b[0].toUpperCase() + b.slice(1);
}

const LINE_MAKERS: ReadonlyArray<(rng: Rng) => string> = [
  (r) => `const ${ident(r)} = ${ident(r)}(${ident(r)}, ${Math.floor(r() * 1000)});`,
  (r) => `  if (${ident(r)}.${ident(r)} > ${Math.floor(r() * 100)}) { return ${ident(r)}; }`,
  (r) => `// ${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)} is resolved before the ${pick(r, WORDS)} step`,
  (r) => `export function ${ident(r)}(${ident(r)}: string, ${ident(r)}?: number): boolean {`,
  (r) => `import { ${ident(r)} } from './${pick(r, WORDS)}/${pick(r, WORDS)}.js';`,
  (r) => `def ${ident(r)}(self, ${ident(r)}=None):`,
  (r) => `    ${ident(r)} = self.${ident(r)}.get("${pick(r, WORDS)}", ${Math.floor(r() * 50)})`,
  (r) => `${pick(r, WORDS)}_${pick(r, WORDS)}: ${pick(r, WORDS)}-${pick(r, WORDS)}`,
  (r) => `RUN apt-get install -y --no-install-recommends ${pick(r, WORDS)}-${pick(r, WORDS)} && rm -rf /var/lib/apt/lists/*`,
  (r) => `  image: registry.example.com/${pick(r, WORDS)}/${pick(r, WORDS)}:${Math.floor(r() * 10)}.${Math.floor(r() * 20)}`,
  (r) => `    sha256: ${randomString(r, ALPHABET.hex, 64)}`,
  (r) => `  "integrity": "sha512-${randomString(r, ALPHABET.base64, 86)}==",`,
  (r) => `  "resolved": "https://registry.npmjs.org/${pick(r, WORDS)}/-/${pick(r, WORDS)}-1.${Math.floor(r() * 9)}.0.tgz",`,
  (r) => `const ${pick(r, WORDS)}TokenCount = ${ident(r)}.length; // token budget`,
  (r) => `password_field = forms.CharField(widget=forms.PasswordInput)`,
  (r) => `  secretName: ${pick(r, WORDS)}-${pick(r, WORDS)}-secret`,
  (r) => `echo "building ${pick(r, WORDS)} for $TARGETARCH" >&2`,
  (r) => `    }`,
  () => ``,
];

const SECRET_MAKERS: ReadonlyArray<(rng: Rng) => string> = [
  (r) => `AWS_ACCESS_KEY_ID=${fakeAwsAccessKeyId(r)}`,
  (r) => `aws_secret_access_key = ${fakeAwsSecretAccessKey(r)}`,
  (r) => `const gh = "${fakeChecksummedToken(r, 'ghp_')}";`,
  (r) => `//registry.npmjs.org/:_authToken=${fakeChecksummedToken(r, 'npm_')}`,
  (r) => `SLACK_TOKEN: ${fakeSlackBotToken(r)}`,
  (r) => `stripe.api_key = "${fakeStripeKey(r)}"`,
  (r) => `DATABASE_URL=postgres://app:${fakePassword(r)}@db.internal:5432/app`,
  (r) => `Authorization: Bearer ${fakeJwt(r)}`,
  (r) => `DB_PASSWORD="${fakePassword(r, 20)}"`,
  (r) => fakePemPrivateKey(r),
];

/** Bytes between two planted secrets, on average. */
const SECRET_SPACING = 64 * 1024;

/**
 * About `bytes` characters (ASCII, so bytes) of code-like text, cut at a line end. Same seed, same
 * text. Roughly one secret per 64 KiB, in the formats of `SECRET_MAKERS`.
 */
export function generateCorpus(bytes: number, seed: number): string {
  const rng = createRng(seed);
  const parts: string[] = [];
  let size = 0;
  let nextSecretAt = Math.floor(rng() * SECRET_SPACING);
  while (size < bytes) {
    let line: string;
    if (size >= nextSecretAt) {
      line = pick(rng, SECRET_MAKERS)(rng);
      nextSecretAt = size + Math.floor(SECRET_SPACING * (0.5 + rng()));
    } else {
      line = pick(rng, LINE_MAKERS)(rng);
    }
    parts.push(line);
    size += line.length + 1;
  }
  const text = parts.join('\n') + '\n';
  if (text.length <= bytes) return text;
  const cut = text.lastIndexOf('\n', bytes - 1);
  return cut > 0 ? text.slice(0, cut + 1) : text.slice(0, bytes);
}

export interface ThroughputResult {
  /** Size of the generated corpus in MiB. */
  mebibytes: number;
  /**
   * MiB/s per mode over the text as a string: the engine default (keyword automaton with anchored
   * rule runs), the former combined keyword regex, `indexOf` per keyword, no prefilter.
   */
  automaton: number;
  combinedRegex: number;
  indexOf: number;
  noPrefilter: number;
  /** The same corpus as a Buffer (UTF-8 decoding included): automaton vs. no prefilter. */
  automatonBuffer: number;
  noPrefilterBuffer: number;
  /** Matches found (identical in every mode). */
  matches: number;
}

/**
 * Scans one generated corpus with each prefilter mode and returns throughput: one warm-up, then
 * `rounds` rounds in which every mode runs once (interleaved, so that a burst of load on a shared
 * machine hits all modes alike), each mode's median round counting. Times are process CPU time
 * (user + system), not wall-clock: on a busy 2-core machine wall-clock runs of the same build
 * varied 2x. A measurement helper for benchmarks, not a test: numbers depend on the machine.
 */
export function measureSecretThroughput(bytes = 10 * 1024 * 1024, seed = 7, rounds = 5): ThroughputResult {
  const text = generateCorpus(bytes, seed);
  const buf = Buffer.from(text);
  const mebibytes = text.length / (1024 * 1024);
  const modes = {
    automaton: () => scanTextWithPrefilter(text, 'automaton'),
    combinedRegex: () => scanTextWithPrefilter(text, 'combined-regex'),
    indexOf: () => scanTextWithPrefilter(text, 'indexOf'),
    noPrefilter: () => scanTextNoPrefilter(text),
    automatonBuffer: () => scanBufferWithPrefilter(buf, 'automaton'),
    noPrefilterBuffer: () => scanBufferNoPrefilter(buf),
  };
  const names = Object.keys(modes) as Array<keyof typeof modes>;
  const seconds = new Map(names.map((name) => [name, [] as number[]]));
  for (const name of names) modes[name]();
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const start = process.cpuUsage();
      modes[name]();
      const used = process.cpuUsage(start);
      seconds.get(name)?.push((used.user + used.system) / 1e6);
    }
  }
  const throughput = (name: keyof typeof modes): number => {
    const sorted = (seconds.get(name) ?? []).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return Math.round((mebibytes / Math.max(median, 1e-9)) * 10) / 10;
  };
  return {
    mebibytes: Math.round(mebibytes * 100) / 100,
    automaton: throughput('automaton'),
    combinedRegex: throughput('combinedRegex'),
    indexOf: throughput('indexOf'),
    noPrefilter: throughput('noPrefilter'),
    automatonBuffer: throughput('automatonBuffer'),
    noPrefilterBuffer: throughput('noPrefilterBuffer'),
    matches: scanTextNoPrefilter(text).length,
  };
}
