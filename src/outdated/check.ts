/**
 * The update strategy for one image reference: find its track, list the registry's tags on that
 * track, and recommend the newest one that has been public for at least the cool-down period —
 * long enough for a broken or malicious release to be noticed and pulled before you adopt it.
 */
import type { Platform } from '../image/types.js';
import { LeftshiftError } from '../errors.js';
import type { RegistryClient } from '../source/registry/client.js';
import { RegistryError } from '../source/registry/errors.js';
import { formatReference, parseReference, withTag, type RegistryReference } from '../source/registry/reference.js';
import { eolStatus, type EolStatus } from './eol.js';
import { movingKind, newerOnTrack, parseTag, pinCandidates, type Moving, type Precision, type Track } from './track.js';

const DAY_MS = 86_400_000;
/** Config dates before this are placeholders (Go's zero time, SOURCE_DATE_EPOCH=0), not release dates. */
const PLACEHOLDER_BEFORE = Date.UTC(2000, 0, 1);

export interface OutdatedOptions {
  /** Minimum age in days of a recommended tag. */
  cooldownDays: number;
  allowMajor: boolean;
  /**
   * Image configs fetched per image to date candidates (each costs 2–3 registry requests, and on
   * Docker Hub a manifest GET counts as a pull). The current tag's own lookup is not counted.
   */
  maxLookups: number;
  /** Platform whose config dates a multi-platform tag; default linux/amd64. */
  platform?: Platform;
  now: Date;
}

export const DEFAULTS = { cooldownDays: 7, maxLookups: 10 } as const;

export interface TagInfo {
  tag: string;
  /** `created` from the image config (ISO 8601), when known. */
  created?: string;
  /** Whole days since `created`. */
  ageDays?: number;
  eol?: EolStatus[];
}

export type OutdatedStatus =
  /** No newer tag on the track. */
  | 'up-to-date'
  /** A newer tag has cooled down: `recommended` differs from the current tag. */
  | 'outdated'
  /** Newer tags exist, but none is older than the cool-down yet (or none could be dated). */
  | 'cooling-down'
  /** The tag has no version to follow (`latest`, a digest only). */
  | 'untracked'
  /** Not checked: the reference is not known statically (a variable without a value). */
  | 'skipped'
  | 'error';

export interface OutdatedResult {
  /** The reference as written. */
  image: string;
  registry?: string;
  repository?: string;
  status: OutdatedStatus;
  track?: { kind: Track['kind']; prefix: string; version: string; variant: string; precision: Precision };
  /** Set when the current tag moves with new releases. */
  moving?: Moving;
  current?: TagInfo;
  /** The newest tag on the track (may be the current one). */
  newest?: TagInfo;
  /** What to use: the newest tag past the cool-down, or the current tag. */
  recommended?: TagInfo;
  /** For moving tags: the newest cooled-down tag that pins what the moving tag means today. */
  pin?: TagInfo;
  /** Number of tags on the track newer than the current one. */
  newerCount?: number;
  notes: string[];
  error?: { kind: string; message: string; hint?: string };
}

/** Age and date of one tag, memoised per image, within a request budget. */
class TagDater {
  readonly #cache = new Map<string, Promise<TagInfo>>();
  #budget: number;
  readonly notes = new Set<string>();

  constructor(
    private readonly client: RegistryClient,
    private readonly ref: RegistryReference,
    private readonly options: OutdatedOptions,
  ) {
    this.#budget = options.maxLookups;
  }

  get exhausted(): boolean {
    return this.#budget <= 0;
  }

  /** Dates `tag`; `free` lookups (the current tag) do not use the budget. Undefined when the budget is spent. */
  date(tag: string, options: { free?: boolean; digest?: string } = {}): Promise<TagInfo> | undefined {
    const key = options.digest ?? tag;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    if (!options.free) {
      if (this.#budget <= 0) return undefined;
      this.#budget--;
    }
    const p = this.#lookup(tag, options.digest);
    this.#cache.set(key, p);
    return p;
  }

  async #lookup(tag: string, digest?: string): Promise<TagInfo> {
    const ref = digest ? { ...withTag(this.ref, tag), digest } : withTag(this.ref, tag);
    try {
      const img = await this.client.resolveImage(ref, { platform: this.options.platform, anyPlatform: true });
      return { tag, ...age(img.config.created, this.options.now, (n) => this.notes.add(`${tag}: ${n}`)) };
    } catch (e) {
      if (!(e instanceof LeftshiftError)) throw e;
      // One undatable candidate must not sink the whole check; it just cannot be recommended.
      this.notes.add(`${tag}: could not read its date (${e.message})`);
      return { tag };
    }
  }
}

function age(created: string | undefined, now: Date, note: (n: string) => void): { created?: string; ageDays?: number } {
  if (!created) {
    note('the image config has no created date');
    return {};
  }
  const t = Date.parse(created);
  if (Number.isNaN(t)) {
    note(`the image config's created date "${created.slice(0, 40)}" is not a date`);
    return {};
  }
  if (t < PLACEHOLDER_BEFORE) {
    note(`the image config's created date ${created} is a placeholder (reproducible build), so its age is unknown`);
    return {};
  }
  return { created, ageDays: Math.floor((now.getTime() - t) / DAY_MS) };
}

function cooledDown(info: TagInfo, options: OutdatedOptions): boolean {
  if (info.created === undefined || info.ageDays === undefined) return false;
  return options.now.getTime() - Date.parse(info.created) >= options.cooldownDays * DAY_MS;
}

/**
 * Walks candidates newest first and returns the first one past the cool-down. Stops when the
 * lookup budget runs out (`exhausted`), so a repository with hundreds of fresh tags costs a
 * bounded number of requests.
 */
async function pickCooledDown(candidates: Track[], dater: TagDater, options: OutdatedOptions): Promise<{ pick?: TagInfo; first?: TagInfo; exhausted: boolean; looked: number }> {
  let first: TagInfo | undefined;
  let looked = 0;
  for (const c of candidates) {
    const p = dater.date(c.tag);
    if (!p) return { first, exhausted: true, looked };
    const info = await p;
    looked++;
    first ??= info;
    if (cooledDown(info, options)) return { pick: info, first, exhausted: false, looked };
  }
  return { first, exhausted: false, looked };
}

function errorResult(image: string, e: LeftshiftError, ref?: RegistryReference): OutdatedResult {
  return {
    image,
    registry: ref?.registry,
    repository: ref?.repository,
    status: 'error',
    notes: [],
    error: { kind: e instanceof RegistryError ? e.kind : e.code.toLowerCase(), message: e.message, hint: e.hint },
  };
}

/**
 * Checks one image reference. Registry and input problems become an `error` result (so one bad
 * image does not stop a file's worth of checks); anything else is a bug and is thrown.
 */
export async function checkImage(client: RegistryClient, image: string, options: OutdatedOptions): Promise<OutdatedResult> {
  let ref: RegistryReference;
  try {
    ref = parseReference(image);
  } catch (e) {
    if (e instanceof LeftshiftError) return errorResult(image, e);
    throw e;
  }
  try {
    return await check(client, image, ref, options);
  } catch (e) {
    if (e instanceof LeftshiftError) return errorResult(image, e, ref);
    throw e;
  }
}

async function check(client: RegistryClient, image: string, ref: RegistryReference, options: OutdatedOptions): Promise<OutdatedResult> {
  const today = options.now;
  const base = { image, registry: ref.registry, repository: ref.repository };
  const notes: string[] = [];
  if (ref.tag === undefined && ref.digest !== undefined) {
    return { ...base, status: 'untracked', notes: ['pinned by digest only: there is no tag to compare with newer releases'] };
  }
  const tag = ref.tag ?? 'latest';
  if (ref.tag === undefined) notes.push(`no tag means "latest"`);
  const track = parseTag(tag);
  const moving = movingKind(track);
  const dater = new TagDater(client, ref, options);
  const list = await client.listTags(ref);
  if (!list.complete) notes.push(`the registry has more tag pages than were read; newer tags may be missing`);
  const tags = list.tags;

  const withEol = (info: TagInfo): TagInfo => ({ ...info, eol: eolStatus(ref, info.tag, today) });
  let current: TagInfo = { tag };
  if (tags.includes(tag) || ref.digest) current = await dater.date(tag, { free: true, digest: ref.digest })!;
  else notes.push(`the registry no longer lists the tag ${tag}`);
  current = withEol(current);

  let pin: TagInfo | undefined;
  if (moving !== undefined) {
    const pins = pinCandidates(track, tag, tags);
    const picked = await pickCooledDown(pins, dater, options);
    if (picked.pick) pin = withEol(picked.pick);
    const what = moving === 'name' ? `"${tag}" is a moving tag` : `"${tag}" is a moving ${moving}-version tag`;
    notes.push(`${what}: it changes with every release it covers, so builds are not reproducible${pin ? `; pin ${pin.tag} (or a digest) instead` : ''}`);
  }
  if (!track) {
    return { ...base, status: 'untracked', moving, current, pin, notes: [...notes, ...dater.notes] };
  }

  const newer = newerOnTrack(track, tags, { allowMajor: options.allowMajor });
  const picked = await pickCooledDown(newer, dater, options);
  const newest = newer.length === 0 ? current : withEol(picked.first ?? { tag: newer[0]!.tag });
  let status: OutdatedStatus;
  let recommended: TagInfo;
  if (newer.length === 0) {
    status = 'up-to-date';
    recommended = current;
  } else if (picked.pick) {
    status = 'outdated';
    recommended = withEol(picked.pick);
    const skipped = picked.looked - 1;
    if (skipped > 0) notes.push(`${skipped} newer tag${skipped === 1 ? ' is' : 's are'} younger than the ${options.cooldownDays}-day cool-down (or undated)`);
  } else {
    status = 'cooling-down';
    recommended = current;
    notes.push(
      picked.exhausted
        ? `the ${picked.looked} newest of ${newer.length} newer tags are all younger than the ${options.cooldownDays}-day cool-down (or undated); raise --max-lookups to look further back`
        : `all ${newer.length} newer tag${newer.length === 1 ? ' is' : 's are'} younger than the ${options.cooldownDays}-day cool-down (or undated)`,
    );
  }
  if (!options.allowMajor && track.kind === 'version') {
    const majors = newerOnTrack(track, tags, { allowMajor: true }).filter((t) => t.numbers[0]! > track.numbers[0]!);
    if (majors.length > 0) notes.push(`a newer major version exists (${majors[0]!.tag}); --allow-major considers it`);
  }
  const eolPast = recommended.eol?.filter((e) => e.past) ?? [];
  if (eolPast.length > 0) {
    notes.push(`even the recommended tag is end-of-life (${eolPast.map((e) => e.product).join(', ')}): move to a supported release or base distribution${options.allowMajor ? '' : '; --allow-major also shows newer majors'}`);
  }
  return {
    ...base,
    status,
    track: { kind: track.kind, prefix: track.prefix, version: track.version, variant: track.variant, precision: track.precision },
    moving,
    current,
    newest,
    recommended,
    pin,
    newerCount: newer.length,
    notes: [...notes, ...dater.notes],
  };
}

/** `registry/repo:tag` of a result's recommendation, for messages. */
export function recommendedReference(result: OutdatedResult): string | undefined {
  if (!result.recommended || !result.registry || !result.repository) return undefined;
  return formatReference({ registry: result.registry, apiHost: '', repository: result.repository, tag: result.recommended.tag });
}
