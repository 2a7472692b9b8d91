/**
 * License normalisation for the SBOM writers: turns what packages write (`GPL-2+`, `ASL 2.0`,
 * `License :: OSI Approved :: MIT License`, `MIT and LGPLv2+`) into SPDX license expressions.
 *
 * The rule throughout is "never invent": a name that could mean several SPDX licenses (`BSD`,
 * `Apache Software License`, unversioned `GPL`) stays free text rather than becoming a guess.
 * `spdx-correct` is used for the long tail, but only behind guards, because it guesses freely
 * (`GPL-2+` → `GPL-2.0-only`, `BSD License` → `BSD-2-Clause`, `MIT and BSD` → `BSD-2-Clause`).
 */
import spdxCorrect from 'spdx-correct';
import spdxParse from 'spdx-expression-parse';

export interface NormalizedLicense {
  /** One SPDX expression covering every entry; set only when every entry was understood. */
  expression?: string;
  /** SPDX License List identifiers used by the understood entries (first-seen order; no LicenseRefs, no exceptions). */
  ids: string[];
  /** Each understood entry as a canonical SPDX expression, in input order, without duplicates. */
  parts: string[];
  /** Entries that are not SPDX (free text, file names, ambiguous legacy names), trimmed, verbatim otherwise. */
  unparsed: string[];
}

type Node = spdxParse.Info;

/** Values that carry no license information at all; they are dropped rather than reported as free text. */
const NO_INFORMATION = new Set(['', 'noassertion', 'none', 'unknown', 'n/a', 'na', 'null', 'undefined']);

/**
 * Names with a fixed SPDX meaning that neither the SPDX parser nor the GNU rules below cover, and
 * names that must NOT be guessed (`null`). Keys are lower case with single spaces.
 */
const NAMES: Readonly<Record<string, string | null>> = {
  // Debian DEP-5 short names (https://dep-team.pages.debian.net/deps/dep5/#license-short-name).
  expat: 'MIT',
  // DEP-5 and Fedora both use bare "Artistic" for Perl's Artistic License, which SPDX calls Artistic-1.0-Perl.
  artistic: 'Artistic-1.0-Perl',
  'artistic-1': 'Artistic-1.0-Perl',
  // DEP-5 defines "Perl" as "GPL-1+ or Artistic-1".
  perl: 'Artistic-1.0-Perl OR GPL-1.0-or-later',
  cc0: 'CC0-1.0',
  // Fedora legacy short names (the pre-2022 Fedora license list, still in many RHEL-family rpms).
  'asl 1.0': 'Apache-1.0',
  'asl 1.1': 'Apache-1.1',
  'asl 2.0': 'Apache-2.0',
  'mplv1.0': 'MPL-1.0',
  'mplv1.1': 'MPL-1.1',
  'mplv2.0': 'MPL-2.0',
  boost: 'BSL-1.0',
  'bsd with advertising': 'BSD-4-Clause',
  'artistic clarified': 'ClArtistic',
  'artistic 2.0': 'Artistic-2.0',
  // Python trove classifier names without a usable version in them but only one SPDX meaning.
  'mit license': 'MIT',
  'isc license (iscl)': 'ISC',
  'python software foundation license': 'PSF-2.0',
  'universal permissive license (upl)': 'UPL-1.0',
  'zlib/libpng license': 'Zlib',
  'cc0 1.0 universal (cc0 1.0) public domain dedication': 'CC0-1.0',
  // Ambiguous: several SPDX licenses match, so the text is kept as written.
  bsd: null,
  'bsd license': null,
  apache: null,
  'apache license': null,
  'apache software license': null,
  mpl: null,
  epl: null,
  afl: null,
  cddl: null,
  ofl: null,
  lppl: null,
  zope: null,
  'zope public license': null,
  php: null,
  'cc-by': null,
  'cc-by-sa': null,
  'public domain': null,
  'public-domain': null,
  'copyright only': null,
  // npm: "UNLICENSED" means proprietary, the opposite of the Unlicense that spdx-correct turns it into.
  unlicensed: null,
};

/** License exceptions spelled as prose (`GPL-2+ with Classpath exception`). */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'classpath exception': 'Classpath-exception-2.0',
  'classpath-exception': 'Classpath-exception-2.0',
  'gcc runtime library exception': 'GCC-exception-3.1',
  'llvm exception': 'LLVM-exception',
  'llvm-exception': 'LLVM-exception',
  'font exception': 'Font-exception-2.0',
};

/** Normalises every license string a package declares. See {@link NormalizedLicense}. */
export function normalizeLicense(raw: readonly string[]): NormalizedLicense {
  const parts: string[] = [];
  const ids: string[] = [];
  const unparsed: string[] = [];
  for (const entry of raw) {
    const result = normalizeEntry(entry);
    if (result === 'skip') continue;
    if ('unparsed' in result) {
      if (!unparsed.includes(result.unparsed)) unparsed.push(result.unparsed);
      continue;
    }
    if (parts.includes(result.expression)) continue;
    parts.push(result.expression);
    for (const id of leafIds(result.tree)) if (!ids.includes(id)) ids.push(id);
  }
  const out: NormalizedLicense = { ids, parts, unparsed };
  // Several declared licenses all apply to the package (different files, or the packager listing
  // them), so they are joined with AND: the reading that never understates obligations.
  if (unparsed.length === 0 && parts.length > 0) out.expression = joinAnd(parts);
  return out;
}

/** Joins SPDX expressions with AND into one canonical expression. */
export function joinAnd(expressions: readonly string[]): string {
  if (expressions.length === 1) return expressions[0];
  const joined = expressions.map((e) => `(${e})`).join(' AND ');
  return render(spdxParse(joined));
}

/** The `LicenseRef-…` identifiers an SPDX expression uses (the SPDX writer must define them). */
export function licenseRefs(expression: string): string[] {
  const out: string[] = [];
  walkLeaves(spdxParse(expression), (leaf) => {
    if (leaf.license.startsWith('LicenseRef-') && !out.includes(leaf.license)) out.push(leaf.license);
  });
  return out;
}

/** The identifier when the expression is one SPDX License List id and nothing more (no `+`, no WITH). */
export function singleLicenseId(expression: string): string | undefined {
  const tree = tryParse(expression);
  if (!tree || 'conjunction' in tree || tree.plus || tree.exception) return undefined;
  return isRef(tree.license) ? undefined : tree.license;
}

/** One declared license: understood, free text (trimmed, otherwise as written), or nothing to say. */
function normalizeEntry(raw: string): { expression: string; tree: Node } | { unparsed: string } | 'skip' {
  let verbatim = raw.trim();
  if (NO_INFORMATION.has(verbatim.toLowerCase())) return 'skip';
  // npm's legacy `{ "type": "MIT", "url": … }` objects, when a cataloger passed them on as JSON text.
  if (verbatim.startsWith('{')) {
    const type = jsonLicenseType(verbatim);
    if (type !== undefined) verbatim = type;
    if (NO_INFORMATION.has(verbatim.toLowerCase())) return 'skip';
  }
  const text = verbatim.replace(/\s+/g, ' ');
  const expression = /^license\s*::/i.test(text) ? classifier(text) : expressionOf(text);
  const tree = expression === undefined ? undefined : tryParse(expression);
  // DocumentRef-… points into another SPDX document the SBOM cannot reference; treat as free text.
  if (!tree || hasDocumentRef(tree)) return { unparsed: verbatim };
  const canonical = render(tree);
  return { expression: canonical, tree: spdxParse(canonical) };
}

function jsonLicenseType(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') {
      const { type, name } = value as { type?: unknown; name?: unknown };
      if (typeof type === 'string') return type.trim();
      if (typeof name === 'string') return name.trim();
    }
  } catch {
    /* not JSON after all: free text */
  }
  return undefined;
}

/** `License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)` and friends. */
function classifier(text: string): string | undefined {
  const segments = text.split('::').map((s) => s.trim());
  const last = segments[segments.length - 1];
  if (segments.length < 2 || !last || /^osi approved$/i.test(last)) return undefined;
  const key = last.toLowerCase();
  if (key in NAMES) return NAMES[key] ?? undefined;
  // GNU names carry their version in prose ("v2 or later"); the whole name says more than the abbreviation.
  const gnu = gnuLicense(last);
  if (gnu !== 'not-gnu') return gnu;
  // Many classifiers end with the short name in parentheses: "Mozilla Public License 2.0 (MPL 2.0)".
  const paren = /^(.*?)\s*\(([^()]+)\)$/.exec(last);
  if (paren) return nameToSpdx(paren[2]) ?? nameToSpdx(paren[1]);
  return nameToSpdx(last);
}

/** A whole entry: an SPDX expression already, one license name, or names joined by and/or/with. */
function expressionOf(text: string): string | undefined {
  if (tryParse(text)) return text;
  const prose = text
    // "GPL v2 or later" / "or any later version" are the `+` of the prose world, not an OR.
    .replace(/\s+or\s+(?:any\s+)?later(?:\s+version)?\b/gi, '+')
    // Maven-style "Apache License, Version 2.0".
    .replace(/,\s*version\s+/gi, ' ')
    // Fedora names that contain an operator word are replaced before "with" can be read as WITH.
    .replace(/\bbsd with advertising\b/gi, NAMES['bsd with advertising'] as string);
  if (!/\b(?:and|or|with)\b/i.test(prose)) {
    const single = nameToSpdx(prose);
    if (single) return single;
  }
  return compoundExpression(prose);
}

type Token = { kind: 'name'; text: string } | { kind: 'op'; op: 'AND' | 'OR' | 'WITH' } | { kind: '(' | ')' | ',' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const [word] of text.matchAll(/[(),]|[^\s(),]+/g)) {
    if (word === '(' || word === ')' || word === ',') {
      tokens.push({ kind: word });
      continue;
    }
    const op = word.toUpperCase();
    if (op === 'AND' || op === 'OR' || op === 'WITH') {
      tokens.push({ kind: 'op', op });
      continue;
    }
    const prev = tokens[tokens.length - 1];
    // Consecutive words form one name ("ASL 2.0", "Public Domain").
    if (prev?.kind === 'name') prev.text += ` ${word}`;
    else tokens.push({ kind: 'name', text: word });
  }
  return tokens;
}

/**
 * Names joined by and/or/with (any case), with parentheses, and DEP-5's comma rule: "A or B, and C"
 * means "(A or B) and C". Every name must map, otherwise the entry is free text as a whole.
 */
function compoundExpression(text: string): string | undefined {
  const segments: Token[][] = [[]];
  let depth = 0;
  for (const token of tokenize(text)) {
    if (token.kind === '(') depth++;
    if (token.kind === ')') depth--;
    if (token.kind === ',' && depth === 0) segments.push([]);
    else segments[segments.length - 1].push(token);
  }
  let result = segmentExpression(segments[0]);
  for (const segment of segments.slice(1)) {
    const [op, ...rest] = segment;
    // A comma without and/or is a bare list, whose meaning (all? either?) is not ours to guess.
    if (result === undefined || op?.kind !== 'op' || op.op === 'WITH') return undefined;
    const right = segmentExpression(rest);
    if (right === undefined) return undefined;
    result = `(${result}) ${op.op} (${right})`;
  }
  return result;
}

function segmentExpression(tokens: Token[]): string | undefined {
  if (tokens.length === 0) return undefined;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'name') {
      if (isWith(tokens[i - 1])) {
        const exception = exceptionToSpdx(token.text);
        if (!exception) return undefined;
        out.push(exception);
      } else {
        const license = nameToSpdx(token.text);
        if (!license) return undefined;
        // A mapped name can itself be compound (DEP-5 "Perl"); keep it together.
        out.push(/\s/.test(license) ? `(${license})` : license);
      }
    } else if (token.kind === 'op') out.push(token.op);
    else if (token.kind === ',') return undefined;
    else out.push(token.kind);
  }
  const expression = out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  return tryParse(expression) ? expression : undefined;
}

function isWith(token: Token | undefined): boolean {
  return token?.kind === 'op' && token.op === 'WITH';
}

/** One license name → SPDX expression, or undefined when unknown or ambiguous. */
function nameToSpdx(name: string): string | undefined {
  const trimmed = name.trim();
  const key = trimmed.toLowerCase();
  if (!trimmed || NO_INFORMATION.has(key)) return undefined;
  if (key in NAMES) return NAMES[key] ?? undefined;
  // DEP-5 writes `BSD-3-clause`; SPDX ids are case-sensitive and spell it `Clause`.
  const spelled = trimmed.replace(/-clause\b/gi, '-Clause');
  const exact = tryParse(spelled);
  if (exact && !('conjunction' in exact) && !exact.exception) return spelled;
  const gnu = gnuLicense(trimmed);
  if (gnu !== 'not-gnu') return gnu;
  return guardedCorrect(trimmed);
}

/**
 * GNU licenses are spelled a hundred ways (`GPL-2+`, `GPLv2+`, `LGPL-2.1+`, `GFDL-NIV-1.3`,
 * `GNU General Public License v3 or later`) and spdx-correct gets several wrong, so they are
 * decided here. An unversioned `GPL` stays unknown (any version could be meant), except `GPL+`,
 * Fedora's "any version", which is GPL-1.0-or-later.
 */
function gnuLicense(name: string): string | undefined | 'not-gnu' {
  const s = name.toLowerCase();
  let family: 'AGPL' | 'LGPL' | 'GFDL' | 'GPL';
  if (/affero|\bagpl/.test(s)) family = 'AGPL';
  else if (/lesser|library general public|\blgpl/.test(s)) family = 'LGPL';
  else if (/free documentation|\bgfdl|\bfdl\b/.test(s)) family = 'GFDL';
  else if (/general public licen[cs]e|\bgpl/.test(s)) family = 'GPL';
  else return 'not-gnu';
  const plus = /\+|or[- ]later|or[- ]any[- ]later/.test(s);
  const version = /(\d+(?:\.\d+)?)/.exec(s)?.[1];
  const valid: Record<typeof family, Record<string, string>> = {
    GPL: { '1': '1.0', '1.0': '1.0', '2': '2.0', '2.0': '2.0', '3': '3.0', '3.0': '3.0' },
    LGPL: { '2': '2.0', '2.0': '2.0', '2.1': '2.1', '3': '3.0', '3.0': '3.0' },
    AGPL: { '1': '1.0', '1.0': '1.0', '3': '3.0', '3.0': '3.0' },
    GFDL: { '1.1': '1.1', '1.2': '1.2', '1.3': '1.3' },
  };
  let id: string;
  if (version === undefined) {
    if (!plus) return undefined;
    if (family === 'GPL') id = 'GPL-1.0';
    else if (family === 'LGPL') id = 'LGPL-2.0';
    else return undefined;
  } else {
    const v = valid[family][version];
    if (!v) return undefined;
    id = `${family}-${v}`;
  }
  if (family === 'GFDL' && /\bniv\b|no[- ]invariants/.test(s)) id += '-no-invariants';
  id += plus ? '-or-later' : '-only';
  return tryParse(id) ? id : undefined;
}

/**
 * spdx-correct for the long tail ("Apache License 2.0", "MIT/X11", "mit"), refused when it would
 * guess: qualified names ("BSD-like", "... with exceptions") and any answer carrying a version the
 * input did not have ("BSD License" → BSD-2-Clause, "CDDL" → CDDL-1.1).
 */
function guardedCorrect(name: string): string | undefined {
  if (/like\b|exception|\bwith\b|[,;]/i.test(name)) return undefined;
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  // License names are short; longer text is prose, where spdx-correct's last resort finds "MIT" in "perMITted".
  if (name.length > 80 || words.length > 8) return undefined;
  const corrected = spdxCorrect(name, { upgrade: true });
  if (!corrected || !tryParse(corrected)) return undefined;
  const have = new Set(versionsIn(name));
  if (!versionsIn(corrected).every((v) => have.has(v))) return undefined;
  // The answer's family must be named in the input, as a word ("Apache License 2.0") or as the
  // initials of the words ("Mozilla Public License" → MPL), not merely be found inside one.
  const family = corrected.split('-')[0].toLowerCase();
  const initials = words.filter((w) => /^[a-z]/.test(w)).map((w) => w[0]).join('');
  if (!words.includes(family) && !initials.includes(family)) return undefined;
  return corrected;
}

/** Version numbers in a string, trailing `.0`s dropped so `2` and `2.0` compare equal. */
function versionsIn(s: string): string[] {
  return [...s.matchAll(/\d+(?:\.\d+)*/g)].map(([v]) => v.replace(/(?:\.0)+$/, ''));
}

function exceptionToSpdx(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  if (key in EXCEPTIONS) return EXCEPTIONS[key];
  return tryParse(`MIT WITH ${name.trim()}`) ? name.trim() : undefined;
}

function tryParse(expression: string): Node | undefined {
  try {
    return spdxParse(expression);
  } catch {
    return undefined;
  }
}

/**
 * Canonical text of a parsed expression: deprecated GNU ids upgraded (`GPL-2.0+` → `GPL-2.0-or-later`,
 * `GPL-2.0` → `GPL-2.0-only`), same-operator chains flattened, mixed operators parenthesised.
 */
function render(node: Node, parent?: 'and' | 'or'): string {
  if (!('conjunction' in node)) {
    let id = node.license;
    if (/^(?:A?GPL|LGPL|GFDL)-\d\.\d$/.test(id)) id += node.plus ? '-or-later' : '-only';
    else if (node.plus) id += '+';
    return node.exception ? `${id} WITH ${node.exception}` : id;
  }
  const text = `${render(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${render(node.right, node.conjunction)}`;
  return parent && parent !== node.conjunction ? `(${text})` : text;
}

function walkLeaves(node: Node, visit: (leaf: spdxParse.LicenseInfo) => void): void {
  if ('conjunction' in node) {
    walkLeaves(node.left, visit);
    walkLeaves(node.right, visit);
  } else visit(node);
}

/** Leaf ids of a canonical tree (so deprecated GNU ids already carry -only / -or-later). */
function leafIds(tree: Node): string[] {
  const out: string[] = [];
  walkLeaves(tree, (leaf) => {
    if (!isRef(leaf.license)) out.push(leaf.license);
  });
  return out;
}

function isRef(id: string): boolean {
  return id.startsWith('LicenseRef-') || id.startsWith('DocumentRef-');
}

function hasDocumentRef(tree: Node): boolean {
  let found = false;
  walkLeaves(tree, (leaf) => {
    if (leaf.license.startsWith('DocumentRef-')) found = true;
  });
  return found;
}
