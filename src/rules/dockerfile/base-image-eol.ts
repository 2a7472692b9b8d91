import eolData from '../../data/eol-images.json' with { type: 'json' };
import { finalStage, type Dockerfile, type ImageRef, type Stage } from '../../dockerfile/model.js';
import type { DockerfileRule, RuleHit } from '../rule.js';
import { isKnownImage } from './base-image-latest.js';

/** One row of `src/data/eol-images.json` (the file's `$comment` explains the matching). */
export interface EolEntry {
  product: string;
  images: string[];
  versions?: string[];
  tags?: string[];
  variantTokens?: string[];
  anyTag?: boolean;
  unlessTokens?: string[];
  /** ISO date (YYYY-MM-DD) security support ended. */
  eolDate: string;
  note?: string;
  source: string;
}

export interface EolTable {
  updated: string;
  entries: EolEntry[];
}

/** The table as data; typed here so a malformed edit fails the type check. */
export const EOL_TABLE: EolTable = eolData;

/**
 * The Docker Hub official-image name of a reference (`node`), also through the well-known mirrors
 * of the official images; undefined for other repositories, whose tags mean something else.
 */
export function officialName(image: ImageRef): string | undefined {
  const repo = image.repository;
  if (image.registry === undefined) return repo.includes('/') ? undefined : repo;
  if (image.registry === 'public.ecr.aws' && repo.startsWith('docker/library/')) return repo.slice('docker/library/'.length);
  if (image.registry === 'mirror.gcr.io' && repo.startsWith('library/')) return repo.slice('library/'.length);
  return undefined;
}

/** Leading dotted version of a tag token (`3.7.17` of `3.7.17`, `1.21` of `1.21rc2`). */
function leadingVersion(token: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(token);
  return m ? m[1]!.split('.').map(Number) : undefined;
}

function versionHasPrefix(version: number[], prefix: string): boolean {
  const want = prefix.split('.').map(Number);
  return want.length <= version.length && want.every((n, i) => version[i] === n);
}

/** `buster` matches the token `buster`; `centos7` also matches `centos7.9.2009`. */
function tokenIs(token: string, name: string): boolean {
  return token === name || token.startsWith(name + '.');
}

/** Entries of `table` that describe `image`, whatever their date. */
export function eolEntriesFor(image: ImageRef, table: EolTable = EOL_TABLE): EolEntry[] {
  if (image.tag === undefined) return [];
  const tokens = image.tag.toLowerCase().split('-');
  const first = tokens[0]!;
  const version = leadingVersion(first);
  const official = officialName(image);
  const out: EolEntry[] = [];
  for (const entry of table.entries) {
    const ownImage = official !== undefined && entry.images.includes(official);
    const byImage =
      ownImage &&
      ((entry.anyTag === true && !tokens.some((t) => entry.unlessTokens?.includes(t))) ||
        (version !== undefined && (entry.versions ?? []).some((v) => versionHasPrefix(version, v))) ||
        (entry.tags ?? []).some((t) => tokenIs(first, t)));
    // The distribution a variant is built on shows in later tag tokens of any image (`-slim-buster`).
    const byVariant = tokens.slice(1).some((tok) => (entry.variantTokens ?? []).some((v) => tokenIs(tok, v)));
    if (byImage || byVariant) out.push(entry);
  }
  return out;
}

/** True once `today` has reached the entry's EOL date (compared as UTC calendar days). */
export function isPastEol(entry: EolEntry, today: Date): boolean {
  return today.toISOString().slice(0, 10) >= entry.eolDate;
}

/** Stages whose filesystem ends up in the final image: the final stage and the stages it builds on. */
function finalChain(df: Dockerfile): Set<number> {
  const chain = new Set<number>();
  let stage: Stage | undefined = finalStage(df);
  while (stage && !chain.has(stage.index)) {
    chain.add(stage.index);
    stage = stage.base.kind === 'stage' ? df.stages[stage.base.stage] : undefined;
  }
  return chain;
}

/** The rule's check with an injected clock, so tests do not depend on the day they run. */
export function checkAt(df: Dockerfile, today: Date, table: EolTable = EOL_TABLE): RuleHit[] {
  const hits: RuleHit[] = [];
  const chain = finalChain(df);
  for (const stage of df.stages) {
    if (stage.base.kind !== 'image' || !isKnownImage(stage.base.image)) continue;
    const image = stage.base.image;
    const expired = eolEntriesFor(image, table).filter((e) => isPastEol(e, today));
    if (expired.length === 0) continue;
    const inFinal = chain.has(stage.index);
    const list = expired.map((e) => `${e.product} (end of life ${e.eolDate})`).join(', ');
    hits.push({
      line: stage.from.line,
      endLine: stage.from.endLine,
      // A build-only stage does not ship, but still compiles with unpatched toolchains and libraries.
      severity: inFinal ? 'HIGH' : 'MEDIUM',
      message: `FROM ${image.expanded} is end-of-life and no longer receives security fixes: ${list}.${inFinal ? '' : ' (Build stage only: it does not ship, but what it builds is compiled and linked against unpatched software.)'}`,
      details: {
        image: image.expanded,
        finalImage: inFinal,
        products: expired.map((e) => ({ product: e.product, eolDate: e.eolDate, source: e.source })),
        tableUpdated: table.updated,
      },
    });
  }
  return hits;
}

const rule: DockerfileRule = {
  meta: {
    id: 'LS-DF-007',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'dockerfile',
    title: 'End-of-life base image',
    aliases: [],
    tags: ['security', 'vulnerability-management'],
    remediation:
      'Move to a supported release of the image (and of the distribution in its tag), e.g. `node:14-alpine` → `node:22-alpine`, `python:3.12-slim-buster` → `python:3.12-slim-bookworm`, `debian:buster` → `debian:bookworm`.',
    docs: `An end-of-life release no longer gets security fixes: every vulnerability found after its EOL date stays
open forever, and scanners report an ever-growing list that cannot be fixed by rebuilding.

Fires when a \`FROM\` image is a release past its end-of-life date according to the table in
\`src/data/eol-images.json\` (Debian, Ubuntu, Alpine, CentOS, Amazon Linux, Node.js, Python, Go, PHP, Ruby,
PostgreSQL, MySQL and the deprecated \`openjdk\` image; each row names its source). The distribution in a
variant tag counts too: \`python:3.12-slim-buster\` is built on Debian 10. HIGH for the final image (and the
stages it builds on), MEDIUM for build-only stages. Untagged images and unset variables are not guessed.

\`\`\`dockerfile
FROM node:14-alpine            # fires: Node.js 14 ended 2023-04-30
\`\`\`

\`\`\`dockerfile
FROM node:24-alpine           # ok (until the table says otherwise)
\`\`\``,
  },
  check({ dockerfile }): RuleHit[] {
    return checkAt(dockerfile, new Date());
  },
};

export default rule;
