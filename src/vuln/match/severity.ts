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
import type { OsvAffected, OsvRecord, OsvSeverity } from './osv.js';

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

// Matching scores the same few thousand vectors over and over (every match of a widely-filed
// advisory, every package a record names). Scores are pure functions of the vector, so each is
// computed once; unparseable vectors keep their error, to report it the same way each time.
// Cached scores are shared: callers copy them (`{ ...scored }`), never mutate them.
const scoreCache = new Map<string, CvssScore | undefined | Error>();
const SCORE_CACHE_MAX = 50_000;

function scoreVectorCached(vector: string): CvssScore | undefined {
  let hit = scoreCache.get(vector);
  if (hit === undefined && !scoreCache.has(vector)) {
    try {
      hit = scoreVector(vector);
    } catch (err) {
      hit = err as Error;
    }
    if (scoreCache.size >= SCORE_CACHE_MAX) scoreCache.clear();
    scoreCache.set(vector, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

/** What severityOf gathers from the records before choosing. */
interface Gathered {
  ratings: CvssRating[];
  v4Vectors: Array<{ recordId: string; vector: string }>;
  problems: string[];
  words: VulnSeverity[];
  v3Scores: number[];
  v2Scores: number[];
}

/** One `severity[]` entry of a record (record-level or from a matched `affected[]` entry). */
function gatherEntry(g: Gathered, recordId: string, s: OsvSeverity): void {
  if (s.type === 'CVSS_V3' || s.type === 'CVSS_V2') {
    try {
      const scored = scoreVectorCached(s.score);
      if (scored && !g.ratings.some((r) => r.vector === scored.vector)) g.ratings.push({ ...scored, recordId });
    } catch (err) {
      g.problems.push(`${recordId}: ${(err as Error).message}`);
    }
  } else if (s.type === 'CVSS_V4') {
    if (!g.v4Vectors.some((v) => v.vector === s.score)) g.v4Vectors.push({ recordId, vector: s.score });
  } else if (s.type === 'Ubuntu') {
    const w = severityWord(s.score);
    if (w) g.words.push(w);
  }
}

const V3_SCORE_KEYS = ['cvss_v3', 'cvss_v4', 'cvss_score'];

/** The severity of a group of records, looking at the `affected[]` entries that matched too. */
export function severityOf(records: ReadonlyArray<{ record: OsvRecord; affected: readonly OsvAffected[] }>): SeverityResult {
  const g: Gathered = { ratings: [], v4Vectors: [], problems: [], words: [], v3Scores: [], v2Scores: [] };
  for (const { record, affected } of records) {
    // Record-level entries first, then each matched entry's, in order.
    for (const s of record.severity ?? []) gatherEntry(g, record.id, s);
    for (const a of affected) {
      // As flatMap would: a list contributes its items, anything else (malformed) itself.
      const list = a.severity ?? [];
      if (Array.isArray(list)) for (const s of list) gatherEntry(g, record.id, s);
      else gatherEntry(g, record.id, list);
    }
    const db = record.database_specific ?? {};
    const w = severityWord(db.severity);
    if (w) g.words.push(w);
    for (const key of V3_SCORE_KEYS) {
      const n = num(db[key]);
      if (n !== undefined) g.v3Scores.push(n);
    }
    const n2 = num(db.cvss_v2);
    if (n2 !== undefined) g.v2Scores.push(n2);
  }
  const { ratings, v4Vectors, problems, words, v3Scores, v2Scores } = g;
  const v3 = ratings.filter((r) => r.version === '3.0' || r.version === '3.1').sort((a, b) => b.score - a.score || (a.version < b.version ? 1 : -1));
  if (v3.length > 0) return { ratings, v4Vectors, problems, severity: v3[0].severity, source: 'cvss', score: v3[0].score, vector: v3[0].vector };
  const word = max(words);
  if (word) return { ratings, v4Vectors, problems, severity: word, source: 'database' };
  if (v3Scores.length > 0) {
    const score = Math.max(...v3Scores);
    return { ratings, v4Vectors, problems, severity: severityV3(score), source: 'score', score };
  }
  const v2 = ratings.filter((r) => r.version === '2.0').sort((a, b) => b.score - a.score);
  if (v2.length > 0) return { ratings, v4Vectors, problems, severity: v2[0].severity, source: 'cvss_v2', score: v2[0].score, vector: v2[0].vector };
  if (v2Scores.length > 0) {
    const score = Math.max(...v2Scores);
    return { ratings, v4Vectors, problems, severity: severityV2(score), source: 'cvss_v2', score };
  }
  return { ratings, v4Vectors, problems, severity: 'UNKNOWN', source: 'none' };
}
