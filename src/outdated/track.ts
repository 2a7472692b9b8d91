/**
 * Tags as release tracks. `node:20.11.1-bookworm-slim` is on the track "patch releases of 20.x,
 * `-bookworm-slim` variant": an update keeps the variant (same distribution and flavour) and the
 * precision (a pinned patch stays pinned), and by default the major version.
 */

/** How much of the version a tag pins. A `major` or `minor` tag moves as releases come out. */
export type Precision = 'major' | 'minor' | 'patch' | 'build' | 'date';

export interface Track {
  /** `version` (`20.11.1-slim`) or `date` (`bookworm-20240110`, `20240606`). */
  kind: 'version' | 'date';
  tag: string;
  /** Text before the version: `v` (`v1.2.3`) or the codename of a date tag (`bookworm-`). */
  prefix: string;
  /** The version (or date) as written: `20.11.1`, `3.12`, `20240110`. */
  version: string;
  /** Numeric components, for ordering. */
  numbers: number[];
  /** Everything after the version, starting with `-`: `-bookworm-slim`, `-alpine3.19`, or ''. */
  variant: string;
  precision: Precision;
}

const PRECISIONS: Precision[] = ['major', 'minor', 'patch', 'build'];
const VERSION_TAG = /^(v?)(\d+(?:\.\d+){0,3})(-[\w.-]*)?$/;

/** `YYYYMMDD` with a plausible year, month and day: a snapshot date, not a version. */
function isDateToken(token: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(token);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1990 && y <= 2199 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/**
 * Parses a tag into its track, or undefined for tags without a version (`latest`, `lts`,
 * `bookworm`, `alpine`) and for unusual schemes (`1.21rc2`, `8u402`). Date snapshots such as
 * Debian's and Ubuntu's `bookworm-20240110` / `jammy-20240111` form their own track: same codename,
 * later date.
 */
export function parseTag(tag: string): Track | undefined {
  const tokens = tag.split('-');
  const dateAt = tokens.findIndex(isDateToken);
  const v = VERSION_TAG.exec(tag);
  // A leading 8-digit date is a snapshot (alpine:20240606), not major version 20240606.
  if (dateAt >= 0 && (!v || dateAt === 0)) {
    const before = tokens.slice(0, dateAt);
    const after = tokens.slice(dateAt + 1);
    // A version before the date (`1.2-20240101`) is a build stamp, not a date track.
    if (before.some((t) => /^v?\d/.test(t))) return undefined;
    return {
      kind: 'date',
      tag,
      prefix: before.length ? `${before.join('-')}-` : '',
      version: tokens[dateAt]!,
      numbers: [Number(tokens[dateAt])],
      variant: after.length ? `-${after.join('-')}` : '',
      precision: 'date',
    };
  }
  if (!v) return undefined;
  const numbers = v[2]!.split('.').map(Number);
  return { kind: 'version', tag, prefix: v[1]!, version: v[2]!, numbers, variant: v[3] ?? '', precision: PRECISIONS[numbers.length - 1]! };
}

/** Orders by version numbers, then by text so equal versions (`22.04`/`22.4`) sort stably. */
export function compareTracks(a: Track, b: Track): number {
  const n = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < n; i++) {
    const d = (a.numbers[i] ?? -1) - (b.numbers[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
}

export interface TrackOptions {
  /** Also accept a newer major version (`20.x` → `22.x`). */
  allowMajor?: boolean;
}

/** True when `candidate` is an update path for `current`: same kind, prefix, variant and precision, and same major unless allowed. */
export function onSameTrack(current: Track, candidate: Track, options: TrackOptions = {}): boolean {
  if (current.kind !== candidate.kind || current.prefix !== candidate.prefix || current.variant !== candidate.variant || current.precision !== candidate.precision) return false;
  if (current.kind === 'date' || options.allowMajor) return true;
  return current.numbers[0] === candidate.numbers[0];
}

/** Tags on `current`'s track that are newer than it, newest first. */
export function newerOnTrack(current: Track, tags: Iterable<string>, options: TrackOptions = {}): Track[] {
  const out: Track[] = [];
  for (const tag of tags) {
    const t = parseTag(tag);
    if (t && onSameTrack(current, t, options) && compareTracks(t, current) > 0) out.push(t);
  }
  return out.sort((a, b) => compareTracks(b, a));
}

/**
 * A tag that moves as releases come out: `major` (`20`, `20-alpine`, `postgres:16`), `minor`
 * (`3.12-slim`), or `name` for tags with no version at all (`latest`, `lts`, `alpine`).
 */
export type Moving = 'major' | 'minor' | 'name';

export function movingKind(track: Track | undefined): Moving | undefined {
  if (!track) return 'name';
  if (track.precision === 'major') return 'major';
  if (track.precision === 'minor') return 'minor';
  return undefined;
}

/**
 * Tags that pin what a moving tag currently means, newest first: same prefix and variant, version
 * starting with the moving tag's numbers, at the finest precision the repository uses for that
 * line (`20-bookworm-slim` → `20.11.1-bookworm-slim`). For a name tag (`latest`, `alpine`) the
 * variant is guessed: none for `latest`, `-NAME` otherwise (`alpine` → `20.11.1-alpine`).
 */
export function pinCandidates(current: Track | undefined, currentTag: string, tags: Iterable<string>): Track[] {
  const variant = current ? current.variant : currentTag === 'latest' ? '' : `-${currentTag}`;
  const prefix = current?.prefix ?? '';
  const line = current?.numbers ?? [];
  const matching: Track[] = [];
  for (const tag of tags) {
    const t = parseTag(tag);
    if (!t || t.kind !== 'version' || t.prefix !== prefix || t.variant !== variant) continue;
    if (t.numbers.length <= line.length || !line.every((n, i) => t.numbers[i] === n)) continue;
    matching.push(t);
  }
  const finest = Math.max(0, ...matching.map((t) => t.numbers.length));
  return matching.filter((t) => t.numbers.length === finest).sort((a, b) => compareTracks(b, a));
}
