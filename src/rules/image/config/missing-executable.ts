import { parseShell } from '../../../dockerfile/shell.js';
import { resolvePath, type ImageFilesystem } from '../../../image/image-fs.js';
import { basename, unwrap } from '../../dockerfile/shared/commands.js';
import type { RuleHit } from '../../rule.js';
import type { ImageRule } from '../rule.js';

/** Docker's PATH when the configuration sets none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** POSIX sh builtins and keywords: they need no file. */
const BUILTINS = new Set([
  '.', ':', '[', 'alias', 'bg', 'break', 'cd', 'command', 'continue', 'echo', 'eval', 'exec', 'exit', 'export', 'false', 'fg',
  'getopts', 'hash', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'source', 'test',
  'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait', 'builtin', 'let', '[[',
]);
/** Wrappers that are shell builtins/keywords rather than files. */
const BUILTIN_WRAPPERS = new Set(['exec', 'command', 'builtin', 'time']);

export type Lookup =
  | { found: true; path: string }
  | { found: false; reason: 'missing' | 'dangling-symlink' | 'not-executable' | 'not-a-file'; path?: string };

/** The directories of the PATH the process gets: the last `PATH=` in Env, else Docker's default. */
export function searchPath(env: readonly string[] | undefined): string[] {
  const entry = [...(env ?? [])].reverse().find((e) => e.startsWith('PATH='));
  return (entry ? entry.slice(5) : DEFAULT_PATH).split(':').filter((d) => d.startsWith('/'));
}

function strip(p: string): string {
  return p.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Looks one candidate path up, following symlinks inside the image root only. */
function lookupPath(fs: ImageFilesystem, path: string): Lookup {
  const clean = strip(path);
  const resolved = resolvePath(fs, clean);
  if (resolved === undefined) {
    const unresolvedLink = resolvePath(fs, clean, { followFinal: false });
    return { found: false, reason: unresolvedLink !== undefined && fs.get(unresolvedLink)?.info.type === 'symlink' ? 'dangling-symlink' : 'missing', path };
  }
  const entry = fs.get(resolved);
  if (!entry || (entry.info.type !== 'file' && entry.info.type !== 'hardlink')) return { found: false, reason: 'not-a-file', path };
  if ((entry.info.mode & 0o111) === 0) return { found: false, reason: 'not-executable', path };
  return { found: true, path: `/${resolved}` };
}

/**
 * Finds an executable as execve/the shell would: a name with a `/` directly (relative to the working
 * directory), else the first PATH directory holding an executable file of that name.
 */
export function findExecutable(fs: ImageFilesystem, name: string, path: readonly string[], workdir = '/'): Lookup {
  if (name.includes('/')) return lookupPath(fs, name.startsWith('/') ? name : `${workdir.replace(/\/?$/, '/')}${name}`);
  let best: Lookup = { found: false, reason: 'missing' };
  for (const dir of path) {
    const r = lookupPath(fs, `${dir}/${name}`);
    if (r.found) return r;
    // Keep the most telling failure (a dangling link or a non-executable file beats "missing").
    if (best.found === false && best.reason === 'missing' && r.found === false && r.reason !== 'missing') best = r;
  }
  return best;
}

/** Executables a shell script runs (not builtins, not `$VAR` commands); busybox applets need only busybox. */
export function scriptExecutables(script: string): string[] {
  const out: string[] = [];
  for (const c of parseShell(script).commands) {
    const { argv, wrappers } = unwrap(c);
    const written = c.argv[0];
    if (written !== undefined && !BUILTINS.has(written) && !BUILTIN_WRAPPERS.has(basename(written)) && !written.includes('$') && written !== argv[0]) out.push(written);
    for (const w of wrappers.slice(1)) if (!BUILTIN_WRAPPERS.has(w)) out.push(w);
    if (wrappers.includes('busybox')) continue;
    const name = argv[0];
    if (name === undefined || name.includes('$') || name.includes('(...)') || BUILTINS.has(name)) continue;
    out.push(name);
  }
  return [...new Set(out)];
}

interface Need {
  /** What needs it: `healthcheck`, `entrypoint`, `cmd`. */
  by: 'healthcheck' | 'entrypoint' | 'cmd';
  executable: string;
}

/** `['/bin/sh', '-c', script]`: the shell form Docker stores for shell-form CMD/ENTRYPOINT. */
function shellForm(argv: readonly string[]): { shell: string; script: string } | undefined {
  if (argv.length >= 3 && /(?:^|\/)(?:ba|da|a|z)?sh$/.test(argv[0]!) && argv[1] === '-c') return { shell: argv[0]!, script: argv[2]! };
  return undefined;
}

function needsOfArgv(argv: readonly string[], by: Need['by']): Need[] {
  if (argv.length === 0 || argv[0] === '') return [];
  const shell = shellForm(argv);
  if (shell) return [{ by, executable: shell.shell }, ...scriptExecutables(shell.script).map((executable) => ({ by, executable }))];
  return [{ by, executable: argv[0]! }];
}

/** Everything the configuration will execute: healthcheck, then entrypoint (or cmd when there is none). */
export function neededExecutables(config: { Healthcheck?: { Test?: string[] }; Entrypoint?: string[] | null; Cmd?: string[] | null; Shell?: string[] }): Need[] {
  const needs: Need[] = [];
  const test = config.Healthcheck?.Test ?? [];
  if (test[0] === 'CMD') needs.push(...needsOfArgv(test.slice(1), 'healthcheck'));
  else if (test[0] === 'CMD-SHELL' && test[1] !== undefined) {
    // CMD-SHELL runs through the image's SHELL (default /bin/sh -c).
    const shell = config.Shell?.[0] ?? '/bin/sh';
    needs.push({ by: 'healthcheck', executable: shell }, ...scriptExecutables(test[1]).map((executable) => ({ by: 'healthcheck' as const, executable })));
  }
  const entrypoint = config.Entrypoint ?? [];
  // With an entrypoint, Cmd only supplies its arguments.
  if (entrypoint.length > 0) needs.push(...needsOfArgv(entrypoint, 'entrypoint'));
  else needs.push(...needsOfArgv(config.Cmd ?? [], 'cmd'));
  return needs;
}

const REASON: Record<Exclude<Lookup, { found: true }>['reason'], string> = {
  missing: 'is not in the image',
  'dangling-symlink': 'is a symlink to a file that is not in the image',
  'not-executable': 'is in the image but not executable',
  'not-a-file': 'is not a regular file in the image',
};

const WHAT: Record<Need['by'], string> = {
  healthcheck: 'The healthcheck',
  entrypoint: 'The entrypoint',
  cmd: 'The default command (Cmd)',
};

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-013',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'image',
    title: 'Healthcheck or entrypoint needs a program the image lacks',
    aliases: [],
    tags: ['reliability', 'correctness'],
    remediation: 'Install the program in the final stage, or change the healthcheck/entrypoint to one the image has (an application-provided health endpoint checker, `wget` on BusyBox images, a static binary copied from a build stage).',
    docs: `The classic: a \`HEALTHCHECK CMD curl -f http://localhost/\` in an image without curl. The check fails
forever, the container is marked unhealthy and an orchestrator that acts on health restarts it in a loop.
Likewise an entrypoint or command whose program is missing makes every \`docker run\` fail with "executable
file not found". Shell forms (\`CMD-SHELL\`, \`/bin/sh -c …\`) need the shell too.

The check resolves each program the healthcheck, the entrypoint (or Cmd when there is no entrypoint) and
their shell scripts run — names through \`PATH\` from the configuration's \`Env\` (Docker's default PATH when
unset), paths directly — in the final filesystem, following symlinks inside the image. A dangling symlink, a
directory or a file without an execute bit counts as missing. Shell builtins and BusyBox applets called as
\`busybox wget\` need no file of their own.

\`\`\`dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1   # fires: no /bin/sh, no curl
ENTRYPOINT ["/app"]
\`\`\`

\`\`\`dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
HEALTHCHECK CMD ["/app", "healthcheck"]                        # ok: the app checks itself
ENTRYPOINT ["/app"]
\`\`\``,
  },
  check({ metadata, walk }) {
    // Windows images resolve programs with PATHEXT and drive letters; this lookup is POSIX only.
    if (metadata.config.os === 'windows') return [];
    const cfg = metadata.config.config ?? {};
    const path = searchPath(cfg.Env);
    const hits: RuleHit[] = [];
    const seen = new Set<string>();
    for (const need of neededExecutables(cfg)) {
      const key = `${need.by}\u0000${need.executable}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = findExecutable(walk.filesystem, need.executable, path, cfg.WorkingDir || '/');
      if (found.found) continue;
      const where = need.executable.includes('/') ? '' : ` (searched PATH ${path.join(':')})`;
      hits.push({
        message: `${WHAT[need.by]} runs \`${need.executable}\`, which ${REASON[found.reason]}${where}.`,
        ...(found.path ? { path: strip(found.path) } : {}),
        details: { by: need.by, executable: need.executable, reason: found.reason, path },
      });
    }
    return hits;
  },
};

export default rule;
