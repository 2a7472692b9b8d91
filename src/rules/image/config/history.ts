/**
 * Shared helpers for the configuration/history rules: which layer a history step produced, what a
 * `created_by` text says (build args, shell script, Dockerfile instruction), and excerpts of it that
 * are safe to put in a finding (secrets masked).
 */
import { redactLine, scanText, type LineSpan } from '../../../analyze/secret/index.js';
import { isSecretName, redactValue } from '../../../analyze/secret/names.js';
import type { ImageRuleContext } from '../rule.js';

export interface HistoryStep {
  /** Index into `config.history`. */
  index: number;
  createdBy: string;
  emptyLayer: boolean;
  /** The layer this step produced; absent for empty_layer steps or when history and layers do not line up. */
  layer?: { diffID: string; index: number };
}

/**
 * History steps with their layers. Non-empty steps correspond to layers in order (image-spec
 * config.md); when their count differs from the layer count the pairing is unknowable, so no step
 * gets a layer rather than a wrong one.
 */
export function historySteps(ctx: Pick<ImageRuleContext, 'metadata' | 'layers'>): HistoryStep[] {
  const history = ctx.metadata.config.history ?? [];
  const producing = history.filter((h) => h && !h.empty_layer).length;
  const aligned = producing === ctx.layers.length;
  let layerIndex = 0;
  return history.map((h, index) => {
    const emptyLayer = h?.empty_layer === true;
    const step: HistoryStep = { index, createdBy: typeof h?.created_by === 'string' ? h.created_by : '', emptyLayer };
    if (!emptyLayer) {
      const layer = aligned ? ctx.layers[layerIndex] : undefined;
      if (layer) step.layer = { diffID: layer.diffID, index: layer.index };
      layerIndex++;
    }
    return step;
  });
}

export interface ParsedCreatedBy {
  /** Build args recorded as `|N KEY=value ...` before a RUN's shell (classic builder and BuildKit). */
  buildArgs: Array<{ key: string; value: string }>;
  /** The shell script a RUN step ran (`/bin/sh -c <script>`), when this is one. */
  script?: string;
  /** A non-RUN Dockerfile instruction (`ADD https://x /y`, `ENV A=b`), keyword upper-cased. */
  instruction?: { keyword: string; body: string };
}

const KEYWORDS = new Set(['ADD', 'COPY', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'SHELL', 'ONBUILD', 'MAINTAINER', 'RUN']);
// `/bin/sh -c`, and the shells SHELL can set: `/bin/bash -o pipefail -c`, `/bin/ash -eux -c`.
const SHELL_PREFIX = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|a|z|k|mk)?sh(?:\s+(?:-[a-zA-Z]*o\s+\S+|-[a-zA-Z]+))*?\s+-c\s+/;

/**
 * Reads a `created_by` text. Builders write them differently: the classic builder
 * `/bin/sh -c #(nop)  ENV A=b` for metadata and `|1 A=b /bin/sh -c cmd` for RUN with args;
 * BuildKit `RUN |1 A=b /bin/sh -c cmd # buildkit` and `ADD url dest # buildkit`. Anything else
 * (debootstrap, hand-written texts) has neither script nor instruction.
 */
export function parseCreatedBy(createdBy: string): ParsedCreatedBy {
  let text = createdBy.trim().replace(/\s*#\s*buildkit\s*$/, '');
  const buildArgs: ParsedCreatedBy['buildArgs'] = [];
  if (/^RUN\s/.test(text)) text = text.slice(4).trimStart();
  const argCount = /^\|(\d+)\s+/.exec(text);
  if (argCount) {
    text = text.slice(argCount[0].length);
    // Values are written unquoted, so a value with spaces is ambiguous; splitting on spaces is the
    // best reading and never loses a `KEY=` start, which is what the secret check needs.
    for (let i = 0; i < Number(argCount[1]); i++) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*/.exec(text);
      if (!m) break;
      buildArgs.push({ key: m[1]!, value: m[2]! });
      text = text.slice(m[0].length);
    }
  }
  const shell = SHELL_PREFIX.exec(text);
  if (shell) {
    const rest = text.slice(shell[0].length);
    const nop = /^#\(nop\)\s*/.exec(rest);
    if (!nop) return { buildArgs, script: rest };
    text = rest.slice(nop[0].length);
  }
  const kw = /^([A-Za-z]+)(?:\s+|$)/.exec(text);
  if (kw && KEYWORDS.has(kw[1]!.toUpperCase())) {
    const keyword = kw[1]!.toUpperCase();
    const body = text.slice(kw[0].length);
    // BuildKit writes exec-form-less RUN steps without the shell prefix in a few versions.
    if (keyword === 'RUN') return { buildArgs, script: body };
    return { buildArgs, instruction: { keyword, body } };
  }
  return { buildArgs };
}

/** `KEY=value` pairs in a text whose key names a credential (ENV/ARG bodies, build args, commands). */
export function secretNamedPairs(text: string): Array<{ key: string; value: string; start: number; end: number }> {
  const out: Array<{ key: string; value: string; start: number; end: number }> = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|[^\s"';&|]+)/g)) {
    const key = m[1]!;
    if (!isSecretName(key)) continue;
    const quoted = /^["']/.test(m[2]!);
    const value = quoted ? m[2]!.slice(1, -1) : m[2]!;
    const start = m.index! + key.length + 1 + (quoted ? 1 : 0);
    out.push({ key, value, start, end: start + value.length });
  }
  return out;
}

/** A value a secret-named variable holds that is not a secret (empty, a reference, a path, a switch). */
export function isInertValue(value: string): boolean {
  const v = value.trim();
  return v === '' || v.includes('$') || /^(?:\/|\.{1,2}\/|~\/)\S*$/.test(v) || /^(?:true|false|yes|no|on|off|0|1|none|null)$/i.test(v);
}

/**
 * `text` with every secret masked (engine matches and values of secret-named `KEY=value` pairs),
 * newlines shown as `⏎`, clipped to `max` characters. Use for every `created_by` put in a finding.
 */
export function safeExcerpt(text: string, max = 200): string {
  const lines = text.split('\n');
  const spans = new Map<number, LineSpan[]>();
  const add = (line: number, span: LineSpan) => {
    const list = spans.get(line) ?? [];
    list.push(span);
    spans.set(line, list);
  };
  for (const m of scanText(text)) {
    for (let l = m.line; l <= m.endLine; l++) {
      const len = lines[l - 1]?.length ?? 0;
      add(l, { start: l === m.line ? m.column - 1 : 0, end: l === m.endLine ? m.endColumn - 1 : len, full: m.line !== m.endLine });
    }
  }
  lines.forEach((line, i) => {
    for (const p of secretNamedPairs(line)) if (!isInertValue(p.value)) add(i + 1, { start: p.start, end: p.end });
    // `scheme://user:password@host`: the password, whatever the engine thinks of it.
    for (const m of line.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:([^\s@/'"]+)@/gi)) {
      const start = m.index! + m[0].length - 1 - m[1]!.length;
      add(i + 1, { start, end: start + m[1]!.length, full: true });
    }
  });
  const masked = lines.map((line, i) => (spans.has(i + 1) ? redactLine(line, spans.get(i + 1)!) : line)).join(' ⏎ ');
  return masked.length > max ? `${masked.slice(0, max - 1)}…` : masked;
}

/** Redacts a secret value for messages; re-exported so rules need one import. */
export { redactValue };

/** `history step 3 (layer 2, sha256:abcd…) "apt-get update && …"`: the label plus a short masked excerpt. */
export function stepWithExcerpt(step: HistoryStep): string {
  return `${stepLabel(step)} "${safeExcerpt(step.createdBy, 100)}"`;
}

/** "history step 3 (layer 2, sha256:abcd…)" for messages. */
export function stepLabel(step: HistoryStep): string {
  if (step.layer) return `history step ${step.index} (layer ${step.layer.index}, ${shortDigest(step.layer.diffID)})`;
  return step.emptyLayer ? `history step ${step.index} (metadata only, no layer)` : `history step ${step.index}`;
}

export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon >= 0 ? `${digest.slice(0, colon + 13)}` : digest.slice(0, 12);
}

/** Details every history-based hit carries. */
export function stepDetails(step: HistoryStep): Record<string, unknown> {
  return { historyIndex: step.index, createdBy: safeExcerpt(step.createdBy), ...(step.emptyLayer ? { emptyLayer: true } : {}) };
}
