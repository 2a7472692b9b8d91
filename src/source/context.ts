/**
 * The build-context walker: which files the builder receives for `docker build <context>`.
 *
 * Facts about Docker this follows:
 * - `.dockerignore` (or `<Dockerfile>.dockerignore`, see resolveIgnoreFile) is applied with the
 *   rules in src/dockerfile/dockerignore.ts, top down, exactly as BuildKit's fsutil walk does.
 * - Symlinks are sent as links, never followed; a link to a directory is one entry. Loops are
 *   therefore harmless.
 * - Directories are sent as entries of their own, so an empty directory reaches the builder
 *   (`COPY . .` creates it). They are reported only with `includeDirs`, since most consumers want
 *   files. An excluded directory holding a re-included file is sent too (fsutil backtracks to
 *   send the parents first), and is reported just before that file.
 * - The Dockerfile and the ignore file in effect always reach the builder, even when the ignore
 *   file excludes them: the classic builder adds `!Dockerfile` / `!.dockerignore` exceptions when
 *   sending the context and deletes the two files before the build, and BuildKit fetches both
 *   through their own channels while leaving them out of the context that COPY/ADD see. Either
 *   way their contents were transferred, so they are listed, flagged `excludedButSent` (a COPY of
 *   them still fails).
 * - Unreadable entries inside excluded directories are ignored, as BuildKit does; elsewhere Docker
 *   fails the build, and we report a warning and go on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import {
  IgnoreMatcher,
  loadDockerignore,
  resolveIgnoreFile,
  type IgnoreMatchState,
  type IgnorePattern,
} from '../dockerfile/dockerignore.js';

export type ContextEntryKind = 'file' | 'symlink' | 'dir' | 'other';

export interface ContextFile {
  /** Relative to the context root, `/`-separated, no leading `./`. */
  path: string;
  /** Size in bytes from lstat (for a symlink, the length of its target). */
  size: number;
  /** Full `st_mode`: file type and permission bits (`mode & 0o777` for permissions). */
  mode: number;
  isSymlink: boolean;
  /** The symlink's target as stored in the link (not resolved). */
  linkTarget?: string;
  /** `other` is a FIFO, socket or device: Docker sends it, but reading it may block. */
  kind: ContextEntryKind;
  /** The ignore file excludes it, yet it reaches the builder (the Dockerfile or the ignore file). */
  excludedButSent?: true;
  /** Only with `includeExcluded`: the ignore file leaves it out of the context. */
  excluded?: true;
}

export interface WalkOptions {
  /** The Dockerfile: absolute, or relative to the working directory as with `docker build -f`. */
  dockerfile?: string;
  /**
   * The ignore file to use: a path, or `false` for none. Default: resolveIgnoreFile(context,
   * dockerfile). Ignored when `patterns` is given.
   */
  ignoreFile?: string | false;
  /** Already-parsed patterns to use instead of reading an ignore file. */
  patterns?: readonly IgnorePattern[];
  /** `false`: apply no ignore file at all (everything in the directory). Default true. */
  ignore?: boolean;
  /** Also yield directory entries (Docker sends directories, empty ones included). */
  includeDirs?: boolean;
  /**
   * Also yield what the ignore file excludes, flagged `excluded` (for "would be sent without
   * .dockerignore"). Excluded directories are then walked too.
   */
  includeExcluded?: boolean;
  /** Parallel filesystem calls (readdir, lstat, readlink). Default 32. */
  concurrency?: number;
  /** Called for problems that do not stop the walk (unreadable directory, vanished file...). */
  onWarning?: (message: string) => void;
  /** Progress: entries yielded so far. Called after each directory and every 1,000 entries. */
  onProgress?: (entriesSoFar: number) => void;
}

export interface ContextListing {
  /** Files, symlinks and special files (not directories), sorted by path in code point order. */
  files: ContextFile[];
  warnings: string[];
  /** Absolute path of the ignore file in effect, if any. */
  ignoreFile?: string;
  patterns: IgnorePattern[];
}

/** What the walker needs, resolved once. */
interface PreparedContext {
  root: string;
  matcher: IgnoreMatcher;
  ignoreFile?: string;
  patterns: IgnorePattern[];
  /** Context-relative paths of the Dockerfile and ignore file, when inside the context. */
  alwaysSent: Set<string>;
}

/** Lists the build context after `.dockerignore`, sorted. See walkContext for streaming. */
export async function listContextFiles(contextDir: string, options: WalkOptions = {}): Promise<ContextListing> {
  const warnings: string[] = [];
  const prepared = await prepareContext(contextDir, options);
  const files: ContextFile[] = [];
  const onWarning = (message: string): void => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  for await (const entry of walkPrepared(prepared, { ...options, includeDirs: false, onWarning })) {
    files.push(entry);
  }
  files.sort((a, b) => compareCodePoints(a.path, b.path));
  return { files, warnings, ignoreFile: prepared.ignoreFile, patterns: prepared.patterns };
}

/**
 * Streams the context entries in walk order (directory by directory, names sorted), so a consumer
 * can read files while the walk goes on. File contents are never read here. Throws InputError
 * when the context is missing, not a directory or unreadable, or when the ignore file is invalid.
 */
export async function* walkContext(contextDir: string, options: WalkOptions = {}): AsyncGenerator<ContextFile> {
  const prepared = await prepareContext(contextDir, options);
  yield* walkPrepared(prepared, options);
}

async function prepareContext(contextDir: string, options: WalkOptions): Promise<PreparedContext> {
  const root = await resolveContextRoot(contextDir);
  let ignoreFile: string | undefined;
  let patterns: IgnorePattern[];
  if (options.ignore === false) {
    patterns = [];
  } else if (options.patterns) {
    patterns = [...options.patterns];
  } else {
    ignoreFile =
      options.ignoreFile === false
        ? undefined
        : options.ignoreFile !== undefined
          ? path.resolve(options.ignoreFile)
          : resolveIgnoreFile(root, options.dockerfile);
    patterns = ignoreFile ? loadDockerignore(ignoreFile, displayName(root, ignoreFile)) : [];
  }
  const alwaysSent = new Set<string>();
  for (const file of [options.dockerfile, ignoreFile]) {
    if (file === undefined || file === '' || file === '-') continue;
    const rel = relativeInside(root, await realpathOfParent(path.resolve(file)));
    if (rel !== undefined && rel !== '') alwaysSent.add(rel);
  }
  return { root, matcher: new IgnoreMatcher(patterns), ignoreFile, patterns, alwaysSent };
}

async function resolveContextRoot(contextDir: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(contextDir);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`build context ${contextDir} does not exist`, undefined, { cause: err });
    }
    throw new InputError(`cannot access build context ${contextDir} (${code})`, undefined, { cause: err });
  }
  if (!stat.isDirectory()) {
    throw new InputError(`build context ${contextDir} is not a directory`, 'Pass the directory you would give to `docker build`.');
  }
  // Resolve links in the root itself so that the Dockerfile's path can be compared with it.
  return fs.promises.realpath(contextDir);
}

/** The path with its directory part resolved through symlinks (the last element kept as is). */
async function realpathOfParent(p: string): Promise<string> {
  try {
    return path.join(await fs.promises.realpath(path.dirname(p)), path.basename(p));
  } catch {
    return p;
  }
}

function displayName(root: string, file: string): string {
  return relativeInside(root, file) ?? file;
}

/** `p` relative to `root` with `/` separators, or undefined when `p` is outside `root`. */
function relativeInside(root: string, p: string): string | undefined {
  const rel = path.relative(root, p);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/**
 * Lexical check that `p` (relative to the context, like a COPY source, or absolute) stays inside
 * the context: `../x` and `a/../../x` do not. Symlinks are not resolved. (BuildKit itself scopes
 * COPY sources to the context root rather than failing; this answers whether the author reached
 * outside it.)
 */
export function isUnderContext(contextDir: string, p: string): boolean {
  const root = path.resolve(contextDir);
  return relativeInside(root, path.resolve(root, p)) !== undefined;
}

/** Orders strings by Unicode code point (= UTF-8 byte order, Go's order), not UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xSurrogate = x >= 0xd800 && x <= 0xdfff;
      const ySurrogate = y >= 0xd800 && y <= 0xdfff;
      // A surrogate starts a code point above U+FFFF, which sorts after every BMP character.
      if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// The walk

const DEFAULT_CONCURRENCY = 32;
/** How many directories ahead of the consumer are read in advance. */
const PREFETCH_DIRS = 16;
const PROGRESS_EVERY = 1000;

interface DirTask {
  rel: string; // '' for the root
  parent?: DirTask;
  state?: IgnoreMatchState;
  excluded: boolean;
  /**
   * For an excluded directory walked because an exception may re-include something inside: not
   * yet reported. Docker still sends it once something below it is sent.
   */
  unannounced?: boolean;
  read?: Promise<DirRead>;
}

interface DirRead {
  /** Each resolves to the entry, or undefined when it vanished or could not be read. */
  entries: Array<Promise<ContextFile | undefined>>;
  subdirs: DirTask[];
}

async function* walkPrepared(prepared: PreparedContext, options: WalkOptions): AsyncGenerator<ContextFile> {
  const { root, matcher, alwaysSent } = prepared;
  const warn = options.onWarning ?? ((): void => {});
  const limit = createLimiter(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
  const includeExcluded = options.includeExcluded === true;
  const includeDirs = options.includeDirs === true;
  const noPatterns = matcher.isEmpty;
  const sent = new Set<string>();
  let yielded = 0;

  const statEntry = (rel: string, flags: Pick<ContextFile, 'excludedButSent' | 'excluded'>): Promise<ContextFile | undefined> =>
    limit(async () => {
      const abs = path.join(root, rel);
      let st: fs.Stats;
      try {
        st = await lstat(abs);
      } catch (err) {
        warn(`${rel}: ${describeError(err, 'disappeared during the walk')}`);
        return undefined;
      }
      const entry: ContextFile = {
        path: rel,
        size: st.size,
        mode: st.mode,
        isSymlink: st.isSymbolicLink(),
        kind: st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other',
        ...flags,
      };
      if (entry.isSymlink) {
        try {
          entry.linkTarget = await fs.promises.readlink(abs);
        } catch (err) {
          warn(`${rel}: cannot read symlink target (${errorCode(err)})`);
        }
      }
      return entry;
    });

  const readDir = (task: DirTask): Promise<DirRead> =>
    (async () => {
      let dirents: fs.Dirent[];
      try {
        dirents = await limit(() => fs.promises.readdir(path.join(root, task.rel), { withFileTypes: true }));
      } catch (err) {
        // BuildKit ignores permission errors below excluded directories; elsewhere it fails.
        if (task.rel === '') throw new InputError(`cannot read build context ${root} (${errorCode(err)})`, undefined, { cause: err });
        if (!task.excluded) warn(`${task.rel}/: cannot read directory (${errorCode(err)}); its files were not scanned`);
        return { entries: [], subdirs: [] };
      }
      dirents.sort((a, b) => compareCodePoints(a.name, b.name));
      const entries: Array<Promise<ContextFile | undefined>> = [];
      const subdirs: DirTask[] = [];
      for (const dirent of dirents) {
        const rel = task.rel === '' ? dirent.name : `${task.rel}/${dirent.name}`;
        const state = noPatterns ? undefined : matcher.evaluate(rel, task.state);
        const excluded = state?.excluded ?? false;
        if (dirent.isDirectory()) {
          if (excluded && !includeExcluded && matcher.canSkipDir(rel, state)) continue;
          const unannounced = includeDirs && excluded && !includeExcluded;
          subdirs.push({ rel, parent: task, state, excluded, unannounced });
          if (includeDirs && !unannounced) entries.push(statEntry(rel, excluded ? { excluded: true } : {}));
        } else if (!excluded) {
          entries.push(statEntry(rel, {}));
        } else if (alwaysSent.has(rel)) {
          entries.push(statEntry(rel, { excludedButSent: true }));
        } else if (includeExcluded) {
          entries.push(statEntry(rel, { excluded: true }));
        }
      }
      return { entries, subdirs };
    })();

  const stack: DirTask[] = [{ rel: '', excluded: false }];
  while (stack.length > 0) {
    for (let k = stack.length - 1; k >= 0 && k >= stack.length - PREFETCH_DIRS; k--) {
      const task = stack[k]!;
      if (!task.read) {
        task.read = readDir(task);
        // Failures surface when the task is awaited; avoid an unhandled rejection meanwhile.
        task.read.catch(() => {});
      }
    }
    const task = stack.pop()!;
    const { entries, subdirs } = await task.read!;
    for (const pending of entries) {
      const info = await pending;
      if (!info) continue;
      // Excluded directories that turn out to hold something sent are sent too, parents first.
      if (task.unannounced && !info.excludedButSent) {
        for (const dir of unannouncedAncestors(task)) {
          dir.unannounced = false;
          const dirInfo = await statEntry(dir.rel, {});
          if (dirInfo) {
            yielded++;
            yield dirInfo;
          }
        }
      }
      if (alwaysSent.has(info.path)) sent.add(info.path);
      yielded++;
      if (yielded % PROGRESS_EVERY === 0) options.onProgress?.(yielded);
      yield info;
    }
    options.onProgress?.(yielded);
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k]!);
  }

  // The Dockerfile and ignore file reach the builder even inside a skipped directory.
  for (const rel of [...alwaysSent].sort(compareCodePoints)) {
    if (sent.has(rel)) continue;
    try {
      const st = await fs.promises.lstat(path.join(root, rel));
      if (st.isDirectory()) continue;
    } catch {
      continue; // absent (e.g. no ignore file inside the context): nothing was sent
    }
    const info = await statEntry(rel, matcher.isExcluded(rel) ? { excludedButSent: true } : {});
    if (info) yield info;
  }
}

/** The not-yet-reported excluded directories from the root down to `task`. */
function unannouncedAncestors(task: DirTask): DirTask[] {
  const out: DirTask[] = [];
  for (let dir: DirTask | undefined = task; dir?.unannounced; dir = dir.parent) out.push(dir);
  return out.reverse();
}

/** Runs at most `max` async jobs at once; a finished job hands its slot to the next waiter. */
function createLimiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** Callback lstat in a promise: markedly cheaper than fs.promises.lstat over 50,000 files. */
function lstat(p: string): Promise<fs.Stats> {
  return new Promise((resolve, reject) => fs.lstat(p, (err, st) => (err ? reject(err) : resolve(st))));
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

function describeError(err: unknown, notFound: string): string {
  const code = errorCode(err);
  return code === 'ENOENT' ? notFound : `cannot read (${code})`;
}
