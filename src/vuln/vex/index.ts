/**
 * VEX input: OpenVEX JSON (https://github.com/openvex/spec, v0.0.x and v0.2.0 shapes) and CycloneDX
 * VEX (a BOM's `vulnerabilities[].analysis`, 1.4–1.6). Statements that say a product is not
 * affected (OpenVEX `not_affected`/`fixed`; CycloneDX `not_affected`/`resolved`/
 * `resolved_with_pedigree`/`false_positive`) suppress matching vulnerability findings with
 * `suppressed: {by: 'vex', reason, source}`; `affected`/`under_investigation`/`exploitable`/
 * `in_triage` statements suppress nothing, and — as OpenVEX specifies — the latest statement about
 * a (vulnerability, product) wins, so a later `affected` lifts an earlier `not_affected`.
 *
 * A statement matches a finding when its vulnerability id or one of its aliases equals the
 * finding's rule id or one of the finding's aliases (so a VEX about a CVE suppresses the DSA that
 * fixes it, and a VEX about a GHSA suppresses the CVE-keyed finding), and one of its products
 * (or their subcomponents) covers the finding's package purl (see purlCovers). A product that is
 * the scanned subject itself (`subjectPurls`, e.g. the image's `pkg:oci/...`) without
 * subcomponents covers every package in it.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import type { Finding } from '../../findings/types.js';
import { purlCovers } from './purl-match.js';

export { purlCovers, parsePurl } from './purl-match.js';

export type VexStatus = 'not_affected' | 'fixed' | 'affected' | 'under_investigation';

export interface VexProduct {
  /** A purl, or for CycloneDX an unresolved bom-ref. */
  id: string;
  subcomponents: string[];
}

export interface VexStatement {
  vulnerability: string;
  aliases: string[];
  products: VexProduct[];
  /** Normalised status; `raw` keeps the document's word (`resolved`, `false_positive`...). */
  status: VexStatus;
  raw: string;
  justification?: string;
  detail?: string;
  timestamp?: string;
  /** Position in the input, for ordering statements with equal timestamps. */
  order: number;
}

export interface VexDocument {
  format: 'openvex' | 'cyclonedx';
  source: string;
  statements: VexStatement[];
}

const OPENVEX_STATUS = new Set(['not_affected', 'fixed', 'affected', 'under_investigation']);
const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

function fail(source: string, what: string): never {
  throw new InputError(`${source}: not a valid VEX document: ${what}`, 'Give an OpenVEX JSON document or a CycloneDX BOM with a vulnerabilities[].analysis section.');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Parses a VEX document (JSON text); throws InputError with the reason when it is not one. */
export function parseVex(text: string, source: string): VexDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(source, `not JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) fail(source, 'the top level is not an object');
  if (json.bomFormat === 'CycloneDX') return parseCycloneDxVex(json, source);
  const context = str(json['@context']);
  if ((context && context.startsWith('https://openvex.dev/ns')) || Array.isArray(json.statements)) return parseOpenVex(json, source);
  fail(source, 'neither OpenVEX (@context https://openvex.dev/ns…) nor CycloneDX (bomFormat "CycloneDX")');
}

export function loadVexFile(path: string): VexDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read VEX file ${path}: ${(err as Error).message}`, undefined, { cause: err });
  }
  return parseVex(text, path);
}

function productIds(list: unknown, where: string, source: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail(source, `${where} is not an array`);
  return list.map((p, i) => {
    if (typeof p === 'string') return p;
    if (isObject(p)) {
      const ids = isObject(p.identifiers) ? p.identifiers : {};
      const id = str(ids.purl) ?? str(p['@id']);
      if (id) return id;
    }
    fail(source, `${where}[${i}] has no @id or identifiers.purl`);
  });
}

function parseOpenVex(doc: Record<string, unknown>, source: string): VexDocument {
  if (!Array.isArray(doc.statements)) fail(source, 'OpenVEX document without a statements array');
  const docTime = str(doc.timestamp);
  const statements = doc.statements.map((s, i): VexStatement => {
    const where = `statements[${i}]`;
    if (!isObject(s)) fail(source, `${where} is not an object`);
    let vulnerability: string | undefined;
    let aliases: string[] = [];
    if (typeof s.vulnerability === 'string') vulnerability = s.vulnerability;
    else if (isObject(s.vulnerability)) {
      vulnerability = str(s.vulnerability.name) ?? str(s.vulnerability['@id']);
      if (Array.isArray(s.vulnerability.aliases)) aliases = s.vulnerability.aliases.filter((a): a is string => typeof a === 'string');
    }
    if (!vulnerability) fail(source, `${where} has no vulnerability name`);
    const status = str(s.status);
    if (!status || !OPENVEX_STATUS.has(status)) fail(source, `${where} status ${JSON.stringify(s.status)} is not one of not_affected, fixed, affected, under_investigation`);
    const rawProducts = s.products ?? (s.product !== undefined ? [s.product] : undefined);
    if (!Array.isArray(rawProducts) || rawProducts.length === 0) fail(source, `${where} names no products`);
    const products: VexProduct[] = rawProducts.map((p, j) => {
      const [id] = productIds([p], `${where}.products[${j}]`, source);
      const subs = isObject(p) ? productIds(p.subcomponents, `${where}.products[${j}].subcomponents`, source) : [];
      return { id, subcomponents: subs };
    });
    // v0.0.x had top-level subcomponents.
    if (s.subcomponents !== undefined) {
      const subs = productIds(s.subcomponents, `${where}.subcomponents`, source);
      for (const p of products) p.subcomponents.push(...subs);
    }
    const justification = str(s.justification);
    const detail = str(s.impact_statement) ?? str(s.status_notes) ?? str(s.action_statement);
    const timestamp = str(s.timestamp) ?? docTime;
    return {
      vulnerability,
      aliases,
      products,
      status: status as VexStatus,
      raw: status,
      ...(justification ? { justification } : {}),
      ...(detail ? { detail } : {}),
      ...(timestamp ? { timestamp } : {}),
      order: i,
    };
  });
  return { format: 'openvex', source, statements };
}

/** `urn:cdx:<serial>/<version>#<bom-ref>` → the bom-ref part (percent-decoded). */
function bomLinkRef(ref: string): string {
  const m = /^urn:cdx:[^#]+#(.+)$/.exec(ref);
  if (!m) return ref;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function parseCycloneDxVex(doc: Record<string, unknown>, source: string): VexDocument {
  if (doc.vulnerabilities === undefined) fail(source, 'CycloneDX document without a vulnerabilities section');
  if (!Array.isArray(doc.vulnerabilities)) fail(source, 'vulnerabilities is not an array');
  // bom-ref → purl for every component in the document (nested components included).
  const purlByRef = new Map<string, string>();
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObject(c)) continue;
      const ref = str(c['bom-ref']);
      const purl = str(c.purl);
      if (ref && purl) purlByRef.set(ref, purl);
      walk(c.components);
    }
  };
  walk(doc.components);
  if (isObject(doc.metadata) && isObject(doc.metadata.component)) walk([doc.metadata.component]);
  const docTime = isObject(doc.metadata) ? str(doc.metadata.timestamp) : undefined;
  const statements: VexStatement[] = [];
  doc.vulnerabilities.forEach((v, i) => {
    const where = `vulnerabilities[${i}]`;
    if (!isObject(v)) fail(source, `${where} is not an object`);
    const id = str(v.id);
    if (!id) fail(source, `${where} has no id`);
    // Vulnerabilities without analysis are plain findings, not VEX statements.
    if (v.analysis === undefined) return;
    if (!isObject(v.analysis)) fail(source, `${where}.analysis is not an object`);
    const state = str(v.analysis.state);
    if (!state) return;
    const status = CDX_STATE[state];
    if (!status) fail(source, `${where}.analysis.state ${JSON.stringify(state)} is not a CycloneDX impact analysis state`);
    if (!Array.isArray(v.affects) || v.affects.length === 0) fail(source, `${where} has an analysis but no affects`);
    const products = v.affects.map((a, j): VexProduct => {
      const ref = isObject(a) ? str(a.ref) : undefined;
      if (!ref) fail(source, `${where}.affects[${j}] has no ref`);
      const local = bomLinkRef(ref);
      return { id: purlByRef.get(local) ?? purlByRef.get(ref) ?? local, subcomponents: [] };
    });
    const aliases = Array.isArray(v.references)
      ? v.references.map((r) => (isObject(r) ? str(r.id) : undefined)).filter((r): r is string => r !== undefined)
      : [];
    const justification = str(v.analysis.justification);
    const detail = str(v.analysis.detail);
    const timestamp = str(v.analysis.lastUpdated) ?? str(v.analysis.firstIssued) ?? str(v.updated) ?? docTime;
    statements.push({
      vulnerability: id,
      aliases,
      products,
      status,
      raw: state,
      ...(justification ? { justification } : {}),
      ...(detail ? { detail } : {}),
      ...(timestamp ? { timestamp } : {}),
      order: i,
    });
  });
  return { format: 'cyclonedx', source, statements };
}

export interface ApplyVexOptions {
  /** Purls of the scanned subject (the image's `pkg:oci/…`): a product naming it covers all its packages. */
  subjectPurls?: readonly string[];
}

function coversFinding(statement: VexStatement, purl: string | undefined, subjects: readonly string[]): boolean {
  for (const p of statement.products) {
    if (purl && purlCovers(p.id, purl)) return true;
    if (purl && p.subcomponents.some((s) => purlCovers(s, purl))) return true;
    if (p.subcomponents.length === 0 && subjects.some((s) => purlCovers(p.id, s))) return true;
  }
  return false;
}

function reasonOf(s: VexStatement): string {
  return [s.raw, s.justification, s.detail].filter(Boolean).join(': ');
}

/**
 * Returns the findings with VEX suppressions applied (copies where something changed). Findings
 * already suppressed, and non-vulnerability findings, are returned unchanged.
 */
export function applyVex(findings: readonly Finding[], documents: readonly VexDocument[], options: ApplyVexOptions = {}): Finding[] {
  const subjects = options.subjectPurls ?? [];
  const all = documents.flatMap((d, di) => d.statements.map((s) => ({ s, source: d.source, di })));
  return findings.map((f) => {
    if (f.kind !== 'vulnerability' || f.suppressed) return f;
    const ids = new Set([f.ruleId, ...f.aliases]);
    const purl = f.location.package?.purl;
    const hits = all.filter(({ s }) => (ids.has(s.vulnerability) || s.aliases.some((a) => ids.has(a))) && coversFinding(s, purl, subjects));
    if (hits.length === 0) return f;
    // Latest statement wins: by timestamp, then document order, then position.
    hits.sort((a, b) => {
      const ta = a.s.timestamp ? Date.parse(a.s.timestamp) : 0;
      const tb = b.s.timestamp ? Date.parse(b.s.timestamp) : 0;
      return (ta || 0) - (tb || 0) || a.di - b.di || a.s.order - b.s.order;
    });
    const last = hits[hits.length - 1];
    if (last.s.status !== 'not_affected' && last.s.status !== 'fixed') return f;
    return { ...f, suppressed: { by: 'vex', reason: reasonOf(last.s), source: last.source } };
  });
}
