/** Helpers shared by the filesystem rules: who hid a file, accounts of the final filesystem. */
import type { LayerRef } from '../../../image/fs-types.js';
import type { ImageWalkResult, LocatedAnalyzerResult } from '../../../image/walk.js';
import type { ImageSecretFact } from '../../../analyze/image/secrets.js';
import { ACCOUNTS_ANALYZER, accountsFactsOf, type GroupEntry, type PasswdEntry, type ShadowEntry } from '../../../analyze/image/accounts.js';
import { redactLine, scanText } from '../../../analyze/secret/index.js';

/**
 * A history step safe to quote: build arguments (`|2 TOKEN=… X=… /bin/sh -c …`, how Docker records
 * ARG values used by a RUN) have their values masked whatever they are, and anything the secret
 * engine recognises in the rest is masked too. The history rules report those values; a
 * filesystem finding must not leak them while naming the layer.
 */
export function safeStep(createdBy: string): string {
  let step = createdBy.replace(/\s+/g, ' ').trim();
  const args = /^\|(\d+) /.exec(step);
  if (args) {
    const tokens = step.slice(args[0].length).split(' ');
    const n = Number(args[1]);
    for (let i = 0; i < n && i < tokens.length; i++) tokens[i] = tokens[i]!.replace(/=.*$/, '=***');
    step = tokens.join(' ');
  }
  step = step.replace(/^\/bin\/sh -c (?:#\(nop\)\s*)?/, '').trim();
  const spans = scanText(step).filter((m) => m.line === 1 && m.endLine === 1).map((m) => ({ start: m.column - 1, end: m.endColumn - 1 }));
  return spans.length ? redactLine(step, spans) : step;
}

/** `layer 2 (rm -rf /root/.ssh)`, the step made safe and clipped so messages stay readable. */
export function describeLayer(layer: LayerRef): string {
  const step = layer.createdBy === undefined ? '' : safeStep(layer.createdBy);
  if (!step) return `layer ${layer.index}`;
  return `layer ${layer.index} (${step.length > 80 ? step.slice(0, 79) + '…' : step})`;
}

export function hitLayer(layer: LayerRef): { diffID: string; index: number } {
  return { diffID: layer.diffID, index: layer.index };
}

/** How a file written by one layer disappeared from the final filesystem. */
export interface Hider {
  layer: LayerRef;
  how: 'whiteout' | 'opaque-dir' | 'overwritten' | 'parent-replaced';
  /** The whiteout target, opaque directory or overwriting path. */
  by: string;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/**
 * Finds the first layer after `result.layer` that removed or replaced `result.path`: a whiteout
 * of the path or a parent, an opaque marker on a parent, a new entry at the path, or a
 * non-directory written over a parent. Duplicate tar entries hide a file within its own layer.
 */
export class HiderIndex {
  private readonly paths = new Map<number, Map<string, 'dir' | 'other'>>();
  constructor(private readonly walk: ImageWalkResult) {}

  private pathsOf(index: number): Map<string, 'dir' | 'other'> {
    let map = this.paths.get(index);
    if (!map) {
      map = new Map();
      const layer = this.walk.layers.find((l) => l.layer.index === index);
      for (const f of layer?.files ?? []) map.set(f.path, f.type === 'dir' ? 'dir' : 'other');
      this.paths.set(index, map);
    }
    return map;
  }

  find(result: LocatedAnalyzerResult): Hider | undefined {
    if (result.overwrittenInLayer) return { layer: result.layer, how: 'overwritten', by: result.path };
    const parents = ancestors(result.path);
    for (const later of this.walk.layers) {
      if (later.layer.index <= result.layer.index) continue;
      const whiteouts = new Set(later.whiteouts);
      for (const p of [...parents, result.path]) if (whiteouts.has(p)) return { layer: later.layer, how: 'whiteout', by: p };
      for (const dir of later.opaqueDirs) if (dir === '' || parents.includes(dir)) return { layer: later.layer, how: 'opaque-dir', by: dir };
      const written = this.pathsOf(later.layer.index);
      if (written.has(result.path)) return { layer: later.layer, how: 'overwritten', by: result.path };
      for (const p of parents) if (written.get(p) === 'other') return { layer: later.layer, how: 'parent-replaced', by: p };
    }
    return undefined;
  }
}

export function describeHider(h: Hider): string {
  switch (h.how) {
    case 'whiteout':
      return `deleted in ${describeLayer(h.layer)} (whiteout of /${h.by})`;
    case 'opaque-dir':
      return `hidden in ${describeLayer(h.layer)} (opaque directory /${h.by})`;
    case 'overwritten':
      return `overwritten in ${describeLayer(h.layer)}`;
    case 'parent-replaced':
      return `hidden in ${describeLayer(h.layer)} (/${h.by} replaced by a non-directory)`;
  }
}

export { maxSeverity } from '../../../findings/severity.js';

/** The details every secret-content finding starts with: the engine's match (redacted) and its layer. */
export function secretDetails(s: ImageSecretFact, layer: LayerRef): Record<string, unknown> {
  return {
    secretRule: s.ruleId,
    secretRuleName: s.ruleName,
    redacted: s.redacted,
    context: s.context,
    addedInLayer: layer.index,
  };
}

export interface FinalAccounts {
  passwd?: { entries: PasswdEntry[]; layer: LayerRef };
  shadow?: { entries: ShadowEntry[]; layer: LayerRef };
  group?: { entries: GroupEntry[]; layer: LayerRef };
}

/** The account databases of the final filesystem (from effective `accounts` outputs). */
export function finalAccounts(walk: ImageWalkResult): FinalAccounts {
  const out: FinalAccounts = {};
  for (const r of walk.effective) {
    if (r.analyzer !== ACCOUNTS_ANALYZER) continue;
    const facts = accountsFactsOf(r.output);
    if (!facts) continue;
    if (facts.file === 'passwd') out.passwd = { entries: facts.entries, layer: r.layer };
    else if (facts.file === 'shadow') out.shadow = { entries: facts.entries, layer: r.layer };
    else out.group = { entries: facts.entries, layer: r.layer };
  }
  return out;
}

/** A login user's password state, from passwd or (for `x`) from shadow, with where it was read. */
export interface LoginPassword {
  user: PasswdEntry;
  state: 'empty' | 'hash';
  file: 'etc/passwd' | 'etc/shadow';
  line: number;
  layer: LayerRef;
}

/** Users with a login shell whose password is empty or a hash (locked ones are fine). */
export function loginPasswords(accounts: FinalAccounts, isLoginShell: (shell: string) => boolean): LoginPassword[] {
  const out: LoginPassword[] = [];
  if (!accounts.passwd) return out;
  const shadow = new Map((accounts.shadow?.entries ?? []).map((e) => [e.name, e]));
  for (const user of accounts.passwd.entries) {
    if (!isLoginShell(user.shell)) continue;
    if (user.password === 'empty' || user.password === 'hash') {
      out.push({ user, state: user.password, file: 'etc/passwd', line: user.line, layer: accounts.passwd.layer });
      continue;
    }
    const s = user.password === 'shadow' ? shadow.get(user.name) : undefined;
    if (s && accounts.shadow && (s.password === 'empty' || s.password === 'hash')) {
      out.push({ user, state: s.password, file: 'etc/shadow', line: s.line, layer: accounts.shadow.layer });
    }
  }
  return out;
}

const DEPENDENCY_TREE = /(?:^|\/)(?:node_modules|site-packages|dist-packages|vendor|gems|\.cargo\/registry|go\/pkg\/mod)\//;
const TEST_SEGMENT = /\/(?:tests?|__tests__|spec|specs|fixtures?|testdata|test-data|examples?|samples?)\//;

/**
 * A file among a third-party package's tests or examples (`node_modules/ssh2/test/fixtures/id_rsa`):
 * packages ship throw-away keys and tokens there. Such hits are kept (a real key can hide
 * anywhere) but lowered to LOW and marked, so they do not drown the image's own secrets.
 */
export function isDependencyFixture(path: string): boolean {
  const dep = DEPENDENCY_TREE.exec(path);
  if (dep === null) return false;
  // Skip the package's own name (`@scope/name` counts as one): a package called `test` is not a test dir.
  const rest = path.slice(dep.index + dep[0].length);
  const name = rest.startsWith('@') ? /^@[^/]+\/[^/]+/.exec(rest)?.[0] : /^[^/]+/.exec(rest)?.[0];
  return name !== undefined && TEST_SEGMENT.test(rest.slice(name.length));
}
