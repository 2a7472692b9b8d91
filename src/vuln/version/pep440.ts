/**
 * Python versions, PEP 440: `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the spec's
 * normalisations (case-insensitive; `alpha`/`beta`/`c`/`pre`/`preview` spellings; optional
 * `-`/`_`/`.` separators and implicit numbers; `1.0-1` as a post-release; leading `v`).
 * Order: epoch, release (trailing zeros ignored), pre, post, dev, local. A dev release of a
 * final version sorts before its pre-releases (1.0.dev0 < 1.0a1); local versions sort above
 * the same public version, numeric local segments above alphanumeric ones.
 */
import { type Cmp, InvalidVersionError, cmpAscii, cmpDigits } from './util.js';

export interface Pep440Version {
  epoch: string;
  release: readonly string[];
  pre?: { label: 'a' | 'b' | 'rc'; n: string };
  post?: string;
  dev?: string;
  local?: readonly string[];
}

// The PEP 440 appendix's reference grammar, written out here.
const PEP440 = new RegExp(
  '^\\s*v?' +
    '(?:([0-9]+)!)?' +
    '([0-9]+(?:\\.[0-9]+)*)' +
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?' +
    '(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?' +
    '(?:[-_.]?(dev)[-_.]?([0-9]+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i',
);

const PRE_LABEL: Record<string, 'a' | 'b' | 'rc'> = { a: 'a', alpha: 'a', b: 'b', beta: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };

export function parsePep440(v: string): Pep440Version {
  const m = PEP440.exec(v);
  if (!m) throw new InvalidVersionError('pep440', v, 'not a PEP 440 version');
  const out: Pep440Version = { epoch: m[1] ?? '0', release: m[2].split('.') };
  if (m[3] !== undefined) out.pre = { label: PRE_LABEL[m[3].toLowerCase()], n: m[4] ?? '0' };
  if (m[5] !== undefined) out.post = m[5];
  else if (m[6] !== undefined) out.post = m[7] ?? '0';
  if (m[8] !== undefined) out.dev = m[9] ?? '0';
  if (m[10] !== undefined) out.local = m[10].toLowerCase().split(/[-_.]/);
  return out;
}

/** -Infinity / a value / +Infinity, as PEP 440's sort key uses them. */
type Bound = { inf: -1 | 1 } | { value: string };

function cmpBound(a: Bound, b: Bound, cmpValue: (x: string, y: string) => Cmp): Cmp {
  const ra = 'inf' in a ? a.inf : 0;
  const rb = 'inf' in b ? b.inf : 0;
  if (ra !== rb) return ra < rb ? -1 : 1;
  return 'value' in a && 'value' in b ? cmpValue(a.value, b.value) : 0;
}

const LABEL_RANK = { a: '0', b: '1', rc: '2' } as const;

function preKey(v: Pep440Version): Bound {
  // A bare dev release (1.0.dev1) precedes every pre-release of 1.0.
  if (!v.pre && v.post === undefined && v.dev !== undefined) return { inf: -1 };
  if (!v.pre) return { inf: 1 };
  return { value: `${LABEL_RANK[v.pre.label]}.${v.pre.n}` };
}

function cmpPreValue(x: string, y: string): Cmp {
  const [lx, nx] = x.split('.');
  const [ly, ny] = y.split('.');
  return cmpAscii(lx, ly) || cmpDigits(nx, ny);
}

function cmpRelease(a: readonly string[], b: readonly string[]): Cmp {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    // Missing components are zeros, so 1.0 == 1.0.0.
    const c = cmpDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

function cmpLocal(a: readonly string[] | undefined, b: readonly string[] | undefined): Cmp {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = /^[0-9]+$/.test(a[i]);
    const bn = /^[0-9]+$/.test(b[i]);
    const c = an && bn ? cmpDigits(a[i], b[i]) : an !== bn ? (an ? 1 : -1) : cmpAscii(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** An optional number as a sort-key bound: a missing one sorts at `missing`. */
function opt(x: string | undefined, missing: -1 | 1): Bound {
  return x === undefined ? { inf: missing } : { value: x };
}

export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): Cmp {
  return (
    cmpDigits(a.epoch, b.epoch) ||
    cmpRelease(a.release, b.release) ||
    cmpBound(preKey(a), preKey(b), cmpPreValue) ||
    cmpBound(opt(a.post, -1), opt(b.post, -1), cmpDigits) ||
    cmpBound(opt(a.dev, 1), opt(b.dev, 1), cmpDigits) ||
    cmpLocal(a.local, b.local)
  );
}

export function comparePep440(a: string, b: string): Cmp {
  return comparePep440Parsed(parsePep440(a), parsePep440(b));
}
