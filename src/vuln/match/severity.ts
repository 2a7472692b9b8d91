/**
 * A vulnerability's severity from its OSV records. Order of preference:
 * 1. CVSS v3.x vectors (record- or affected-level `severity[]`), scored with our CVSS code; the
 *    highest when records disagree (merged GHSA + PYSEC...), so merging never lowers a rating;
 * 2. the source's own rating: `database_specific.severity` (GHSA `MODERATE` = MEDIUM) or an
 *    `Ubuntu` severity entry; this is also where CVSS v4-only records get their rating (v4 scores
 *    are not computed, see src/vuln/severity/cvss.ts);
 * 3. scores without vectors that databases store: `database_specific.cvss_v3` / `cvss_v4` /
 *    `cvss_score` (v3 bands), then CVSS v2 vectors and `cvss_v2` scores (NVD v2 bands);
 * 4. otherwise UNKNOWN.
 */
import { scoreVector, severityV2, severityV3, type CvssScore } from '../severity/cvss.js';
import type { OsvAffected, OsvRecord } from './osv.js';

export type VulnSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE' | 'UNKNOWN';

export interface CvssRating extends CvssScore {
  /** Id of the record that carried it. */
  recordId: string;
}

export interface SeverityResult {
  severity: VulnSeverity;
  /** Where the severity came from. */
  source: 'cvss' | 'database' | 'score' | 'cvss_v2' | 'none';
  /** The rating it came from, when a CVSS vector. */
  score?: number;
  vector?: string;
  /** Every CVSS vector seen (v2, v3.x scored; v4 listed with the score NaN-free omitted). */
  ratings: CvssRating[];
  /** CVSS v4 vectors (not scored). */
  v4Vectors: Array<{ recordId: string; vector: string }>;
  /** Vectors that did not parse. */
  problems: string[];
}

const RANK: Record<VulnSeverity, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, NONE: 1, UNKNOWN: 0 };

export function severityWord(value: unknown): VulnSeverity | undefined {
  if (typeof value !== 'string') return undefined;
  switch (value.trim().toUpperCase()) {
    case 'CRITICAL':
      return 'CRITICAL';
    case 'HIGH':
    case 'IMPORTANT':
      return 'HIGH';
    case 'MODERATE':
    case 'MEDIUM':
      return 'MEDIUM';
    case 'LOW':
    case 'NEGLIGIBLE':
      return 'LOW';
    default:
      return undefined;
  }
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

function max(list: VulnSeverity[]): VulnSeverity | undefined {
  let best: VulnSeverity | undefined;
  for (const s of list) if (!best || RANK[s] > RANK[best]) best = s;
  return best;
}

/** The severity of a group of records, looking at the `affected[]` entries that matched too. */
export function severityOf(records: ReadonlyArray<{ record: OsvRecord; affected: readonly OsvAffected[] }>): SeverityResult {
  const ratings: CvssRating[] = [];
  const v4Vectors: Array<{ recordId: string; vector: string }> = [];
  const problems: string[] = [];
  const words: VulnSeverity[] = [];
  const v3Scores: number[] = [];
  const v2Scores: number[] = [];
  for (const { record, affected } of records) {
    const entries = [...(record.severity ?? []), ...affected.flatMap((a) => a.severity ?? [])];
    for (const s of entries) {
      if (s.type === 'CVSS_V3' || s.type === 'CVSS_V2') {
        try {
          const scored = scoreVector(s.score);
          if (scored && !ratings.some((r) => r.vector === scored.vector)) ratings.push({ ...scored, recordId: record.id });
        } catch (err) {
          problems.push(`${record.id}: ${(err as Error).message}`);
        }
      } else if (s.type === 'CVSS_V4') {
        if (!v4Vectors.some((v) => v.vector === s.score)) v4Vectors.push({ recordId: record.id, vector: s.score });
      } else if (s.type === 'Ubuntu') {
        const w = severityWord(s.score);
        if (w) words.push(w);
      }
    }
    const db = record.database_specific ?? {};
    const w = severityWord(db.severity);
    if (w) words.push(w);
    for (const key of ['cvss_v3', 'cvss_v4', 'cvss_score']) {
      const n = num(db[key]);
      if (n !== undefined) v3Scores.push(n);
    }
    const n2 = num(db.cvss_v2);
    if (n2 !== undefined) v2Scores.push(n2);
  }
  const v3 = ratings.filter((r) => r.version === '3.0' || r.version === '3.1').sort((a, b) => b.score - a.score || (a.version < b.version ? 1 : -1));
  const base = { ratings, v4Vectors, problems };
  if (v3.length > 0) return { ...base, severity: v3[0].severity, source: 'cvss', score: v3[0].score, vector: v3[0].vector };
  const word = max(words);
  if (word) return { ...base, severity: word, source: 'database' };
  if (v3Scores.length > 0) {
    const score = Math.max(...v3Scores);
    return { ...base, severity: severityV3(score), source: 'score', score };
  }
  const v2 = ratings.filter((r) => r.version === '2.0').sort((a, b) => b.score - a.score);
  if (v2.length > 0) return { ...base, severity: v2[0].severity, source: 'cvss_v2', score: v2[0].score, vector: v2[0].vector };
  if (v2Scores.length > 0) {
    const score = Math.max(...v2Scores);
    return { ...base, severity: severityV2(score), source: 'cvss_v2', score };
  }
  return { ...base, severity: 'UNKNOWN', source: 'none' };
}
