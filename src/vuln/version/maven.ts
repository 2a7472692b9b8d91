/**
 * Maven versions, with the semantics of Maven's ComparableVersion (3.8 line): the string
 * (lower-cased) is split into items at `.`, at `-`, and at every digit/letter transition;
 * `-` and transitions open a nested sub-list, and a qualifier that does not begin its list
 * goes into a sub-list of its own. Numbers compare numerically; qualifiers order
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < anything
 * else (alphabetically); `a1`/`b1`/`m1` mean alpha/beta/milestone when a digit follows.
 * Trailing "null" items (0, "", empty lists) are dropped, so 1.0 = 1 = 1-0 = 1.0.0-ga.
 * When one list runs out, the other side's next item is compared against "nothing":
 * a number is greater than nothing unless 0, a qualifier below release is less.
 */
import { type Cmp, InvalidVersionError, cmpAscii, cmpDigits } from './util.js';

type Item = { kind: 'int'; digits: string } | { kind: 'str'; value: string } | { kind: 'list'; items: Item[] };

export type MavenVersion = Item & { kind: 'list' };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_RANK = String(QUALIFIERS.indexOf(''));
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function intItem(digits: string): Item {
  return { kind: 'int', digits: digits.replace(/^0+(?=.)/, '') };
}

function strItem(raw: string, followedByDigit: boolean): Item {
  let v = raw;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { kind: 'str', value: ALIASES[v] ?? v };
}

/** Unknown qualifiers rank after all known ones and among themselves alphabetically. */
function qualifierRank(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i < 0 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.digits === '0';
  if (item.kind === 'str') return qualifierRank(item.value) === RELEASE_RANK;
  return item.items.length === 0;
}

export function parseMaven(v: string): MavenVersion {
  const s = v.trim().toLowerCase();
  if (s === '' || /\s/.test(s)) throw new InvalidVersionError('maven', v, s === '' ? 'empty' : 'embedded whitespace');
  const root: MavenVersion = { kind: 'list', items: [] };
  const lists: MavenVersion[] = [root];
  let list = root;
  const open = (): void => {
    const sub: MavenVersion = { kind: 'list', items: [] };
    list.items.push(sub);
    list = sub;
    lists.push(sub);
  };
  const item = (digit: boolean, text: string): Item => (digit ? intItem(text) : strItem(text, false));
  let digit = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '.' || c === '-') {
      // An empty component (`1..2`, `1.-2`) counts as 0.
      list.items.push(i === start ? intItem('0') : item(digit, s.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (isDigit(c)) {
      if (!digit && i > start) {
        // Letters then digits (`rc1`): the qualifier starts its own sub-list unless it is the
        // first thing in the current list, and the number goes one level deeper still.
        if (list.items.length > 0) open();
        list.items.push(strItem(s.slice(start, i), true));
        start = i;
        open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        list.items.push(intItem(s.slice(start, i)));
        start = i;
        open();
      }
      digit = false;
    }
  }
  if (s.length > start) {
    // A trailing qualifier likewise gets its own sub-list when it does not start the list.
    if (!digit && list.items.length > 0) open();
    list.items.push(item(digit, s.slice(start)));
  }
  // Innermost lists first, so an emptied sub-list is itself dropped by its parent.
  for (let k = lists.length - 1; k >= 0; k--) normalize(lists[k]);
  return root;
}

/** Drop trailing null items, looking through (non-null) sub-lists but stopping at anything else. */
function normalize(list: MavenVersion): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const it = list.items[i];
    if (isNull(it)) list.items.splice(i, 1);
    else if (it.kind !== 'list') break;
  }
}

/** Compare an item with another, or with "nothing" when `b` is undefined. */
function cmpItem(a: Item, b: Item | undefined): Cmp {
  switch (a.kind) {
    case 'int':
      if (!b) return a.digits === '0' ? 0 : 1;
      return b.kind === 'int' ? cmpDigits(a.digits, b.digits) : 1;
    case 'str':
      if (!b) return cmpAscii(qualifierRank(a.value), RELEASE_RANK);
      if (b.kind === 'str') return cmpAscii(qualifierRank(a.value), qualifierRank(b.value));
      return -1;
    case 'list':
      if (!b) {
        // Against nothing, the first item that is not itself "nothing" decides.
        for (const it of a.items) {
          const c = cmpItem(it, undefined);
          if (c !== 0) return c;
        }
        return 0;
      }
      if (b.kind === 'int') return -1;
      if (b.kind === 'str') return 1;
      for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
        const l = a.items[i];
        const r = b.items[i];
        const c = l === undefined ? (r === undefined ? 0 : neg(cmpItem(r, undefined))) : cmpItem(l, r);
        if (c !== 0) return c;
      }
      return 0;
  }
}

function neg(c: Cmp): Cmp {
  return c === 0 ? 0 : c === 1 ? -1 : 1;
}

export function compareMavenParsed(a: MavenVersion, b: MavenVersion): Cmp {
  return cmpItem(a, b);
}

export function compareMaven(a: string, b: string): Cmp {
  return compareMavenParsed(parseMaven(a), parseMaven(b));
}

/** Maven's canonical rendering (as ComparableVersion prints it), for diagnostics and tests. */
export function canonicalMaven(v: MavenVersion): string {
  const render = (list: Item[]): string => {
    let out = '';
    list.forEach((it, i) => {
      if (it.kind === 'list') out += (i > 0 ? '-' : '') + render(it.items);
      else out += (i > 0 ? '.' : '') + (it.kind === 'int' ? it.digits : it.value);
    });
    return out;
  };
  return render(v.items);
}
