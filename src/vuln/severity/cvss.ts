/**
 * CVSS base scores, computed from the vector with the formulas of the FIRST specifications:
 * v3.0 (https://www.first.org/cvss/v3.0/specification-document §8), v3.1
 * (https://www.first.org/cvss/v3.1/specification-document §7 and Appendix A for Roundup) and
 * v2 (https://www.first.org/cvss/v2/guide §3.2.1). No npm package is used: the formulas are a page
 * long and fixed, and none is installed.
 *
 * CVSS v4 is not computed (its score comes from a MacroVector lookup table, not a formula); callers
 * take v4 severities from the source's own rating. Temporal/environmental metrics in a vector are
 * accepted and ignored: only the base score is reported, as NVD and the advisory databases do.
 */

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';
export type CvssSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';

export interface CvssScore {
  version: CvssVersion;
  /** Base score, 0.0–10.0 with one decimal. */
  score: number;
  severity: CvssSeverity;
  /** The vector as given (trimmed). */
  vector: string;
}

export class CvssError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CvssError';
  }
}

/** Parses `K:V/K:V` pairs; throws on duplicates or malformed pairs. */
function metrics(parts: string[], vector: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of parts) {
    const m = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (!m) throw new CvssError(`malformed CVSS metric "${part}" in ${vector}`);
    if (out.has(m[1])) throw new CvssError(`metric ${m[1]} given twice in ${vector}`);
    out.set(m[1], m[2]);
  }
  return out;
}

function pick(m: Map<string, string>, key: string, table: Record<string, number>, vector: string): number {
  const v = m.get(key);
  if (v === undefined) throw new CvssError(`metric ${key} missing from ${vector}`);
  const n = table[v];
  if (n === undefined) throw new CvssError(`metric ${key}:${v} is not valid in ${vector}`);
  return n;
}

/** CVSS v3.1 Roundup (spec Appendix A): the smallest one-decimal number ≥ x, robust to float error. */
export function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  if (i % 10000 === 0) return i / 100000;
  return (Math.floor(i / 10000) + 1) / 10;
}

/** CVSS v3.0 round up: ceiling to one decimal. */
function roundup30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

/** Qualitative rating for a v3.x (and v4) score, per the specification's table. */
export function severityV3(score: number): CvssSeverity {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'NONE';
}

/** NVD's rating for v2 scores (v2 itself defines none): 0–3.9 LOW, 4–6.9 MEDIUM, 7–10 HIGH. */
export function severityV2(score: number): CvssSeverity {
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return 'LOW';
}

const V3_BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'];
const V3_OTHER = new Set(['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA']);

/** Base score of a `CVSS:3.0/...` or `CVSS:3.1/...` vector. */
export function scoreV3(vector: string): CvssScore {
  const v = vector.trim();
  const parts = v.split('/');
  const head = /^CVSS:(3\.[01])$/.exec(parts[0] ?? '');
  if (!head) throw new CvssError(`not a CVSS v3 vector: ${vector}`);
  const version = head[1] as '3.0' | '3.1';
  const m = metrics(parts.slice(1), vector);
  for (const key of m.keys()) if (!V3_BASE.includes(key) && !V3_OTHER.has(key)) throw new CvssError(`unknown metric ${key} in ${vector}`);
  const scope = m.get('S');
  if (scope !== 'U' && scope !== 'C') throw new CvssError(`metric S must be U or C in ${vector}`);
  const changed = scope === 'C';
  const av = pick(m, 'AV', { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }, vector);
  const ac = pick(m, 'AC', { L: 0.77, H: 0.44 }, vector);
  const pr = pick(m, 'PR', changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 }, vector);
  const ui = pick(m, 'UI', { N: 0.85, R: 0.62 }, vector);
  const cia = { H: 0.56, L: 0.22, N: 0 };
  const c = pick(m, 'C', cia, vector);
  const i = pick(m, 'I', cia, vector);
  const a = pick(m, 'A', cia, vector);
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  const round = version === '3.1' ? roundup31 : roundup30;
  let score: number;
  if (impact <= 0) score = 0;
  else if (changed) score = round(Math.min(1.08 * (impact + exploitability), 10));
  else score = round(Math.min(impact + exploitability, 10));
  return { version, score, severity: severityV3(score), vector: v };
}

const V2_BASE = ['AV', 'AC', 'Au', 'C', 'I', 'A'];
const V2_OTHER = new Set(['E', 'RL', 'RC', 'CDP', 'TD', 'CR', 'IR', 'AR']);

/** Base score of a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses or with a `CVSS:2.0/` prefix). */
export function scoreV2(vector: string): CvssScore {
  const v = vector.trim();
  const body = v.replace(/^\((.*)\)$/, '$1').replace(/^CVSS:2\.0\//, '');
  const m = metrics(body.split('/'), vector);
  for (const key of m.keys()) if (!V2_BASE.includes(key) && !V2_OTHER.has(key)) throw new CvssError(`unknown metric ${key} in ${vector}`);
  const av = pick(m, 'AV', { L: 0.395, A: 0.646, N: 1.0 }, vector);
  const ac = pick(m, 'AC', { H: 0.35, M: 0.61, L: 0.71 }, vector);
  const au = pick(m, 'Au', { M: 0.45, S: 0.56, N: 0.704 }, vector);
  const cia = { N: 0, P: 0.275, C: 0.66 };
  const c = pick(m, 'C', cia, vector);
  const i = pick(m, 'I', cia, vector);
  const a = pick(m, 'A', cia, vector);
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  // "round_to_1_decimal"; the small epsilon keeps x.x5 values that float arithmetic lands just below.
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  const score = Math.max(0, Math.round(raw * 10 + 1e-9) / 10);
  return { version: '2.0', score, severity: severityV2(score), vector: v };
}

/** Which CVSS version a vector is, from its prefix (v2 vectors have none). */
export function cvssVersion(vector: string): CvssVersion | undefined {
  const v = vector.trim();
  if (v.startsWith('CVSS:3.1/')) return '3.1';
  if (v.startsWith('CVSS:3.0/')) return '3.0';
  if (v.startsWith('CVSS:4.0/')) return '4.0';
  if (/^\(?(CVSS:2\.0\/)?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(v)) return '2.0';
  return undefined;
}

/**
 * Scores a vector of any supported version. v4 vectors are not computed: returns undefined for them
 * (see the module comment); throws CvssError for malformed v2/v3 vectors.
 */
export function scoreVector(vector: string): CvssScore | undefined {
  const version = cvssVersion(vector);
  if (version === '3.0' || version === '3.1') return scoreV3(vector);
  if (version === '2.0') return scoreV2(vector);
  if (version === '4.0') return undefined;
  throw new CvssError(`unrecognised CVSS vector: ${vector}`);
}
