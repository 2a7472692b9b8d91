import { parsePortSpec } from '../compose/parse.js';
import { at, emptySpec, type ContainerSpec, type Mount, type Origin } from '../shared/container.js';

/**
 * The command-line side of `docker run` / `docker create` / `podman run` / `podman create`:
 * which words are options, which are option values, and which one is the image. Docker and Podman
 * parse with pflag-style rules (`--flag value`, `--flag=value`, bundled short flags `-it`, `-p80:80`),
 * so knowing which flags take no value is enough to split the line correctly. Unknown long flags
 * are assumed to take a value, as almost all `run` flags do.
 */

/** Flags that take no value (`--rm`), or an optional `=true|false` (`--privileged=false`). */
const BOOL_LONG = new Set([
  'detach', 'interactive', 'tty', 'rm', 'privileged', 'read-only', 'init', 'publish-all', 'no-healthcheck', 'oom-kill-disable',
  'sig-proxy', 'disable-content-trust', 'quiet', 'help', 'use-api-socket',
  // Podman
  'replace', 'rootfs', 'read-only-tmpfs', 'no-hosts', 'env-host', 'http-proxy', 'passwd', 'tls-verify', 'rmi', 'unsetenv-all', 'pull-always',
]);
const BOOL_SHORT = new Set(['d', 'i', 't', 'P', 'q']);
const SHORT_NAMES: Record<string, string> = {
  d: 'detach', i: 'interactive', t: 'tty', P: 'publish-all', q: 'quiet', a: 'attach', c: 'cpu-shares', e: 'env', h: 'hostname',
  l: 'label', m: 'memory', p: 'publish', u: 'user', v: 'volume', w: 'workdir',
};

/** Global options that come before the subcommand and take a value (`docker -H tcp://x run ...`). */
const GLOBAL_WITH_VALUE = new Set([
  '-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  '--url', '--connection', '--root', '--runroot', '--storage-driver', '--cgroup-manager', '--events-backend', '--identity', '--runtime', '--tmpdir', '--network-cmd-path', '--module',
]);

export interface RunOption {
  /** Long name without dashes (`volume` for `-v`). */
  name: string;
  value: string;
  /** Index in argv of the word that holds the value (for locating its line). */
  index: number;
}

export interface ParsedRun {
  tool: 'docker' | 'podman';
  subcommand: 'run' | 'create';
  options: RunOption[];
  image?: { value: string; index: number };
}

/** Wrappers that run the command they are given: `sudo docker run`, `env X=1 podman run`... */
function skipWrappers(argv: readonly string[]): number {
  let i = 0;
  for (let guard = 0; guard < 8 && i < argv.length; guard++) {
    const w = base(argv[i]!);
    if (w === 'sudo' || w === 'doas') {
      i++;
      while (i < argv.length && argv[i]!.startsWith('-')) i += /^-[ugCDhpRrT]$|^--(?:user|group|chdir|host|prompt|role|type|close-from)$/.test(argv[i]!) ? 2 : 1;
    } else if (w === 'env') {
      i++;
      while (i < argv.length && (argv[i]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!))) i += /^-[uCS]$/.test(argv[i]!) ? 2 : 1;
    } else if (w === 'exec' || w === 'command' || w === 'nohup' || w === 'time' || w === 'builtin') {
      i++;
      while (i < argv.length && argv[i]!.startsWith('-')) i++;
    } else if (w === 'timeout') {
      i++;
      while (i < argv.length && argv[i]!.startsWith('-')) i += /^-[ks]$/.test(argv[i]!) ? 2 : 1;
      i++; // the duration
    } else if (w === 'nice' || w === 'ionice') {
      i++;
      while (i < argv.length && argv[i]!.startsWith('-')) i += /^-[nct]$/.test(argv[i]!) ? 2 : 1;
    } else break;
  }
  return i;
}

function base(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Splits a run command; undefined when argv is not `docker|podman [global options] [container] run|create`. */
export function parseRunCommand(argv: readonly string[]): ParsedRun | undefined {
  let i = skipWrappers(argv);
  const tool = base(argv[i] ?? '');
  if (tool !== 'docker' && tool !== 'podman') return undefined;
  i++;
  while (i < argv.length && argv[i]!.startsWith('-')) i += GLOBAL_WITH_VALUE.has(argv[i]!) ? 2 : 1;
  if (argv[i] === 'container') i++;
  const sub = argv[i];
  if (sub !== 'run' && sub !== 'create') return undefined;
  i++;
  const options: RunOption[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0) options.push({ name, value: a.slice(eq + 1), index: i });
      else if (BOOL_LONG.has(name)) options.push({ name, value: 'true', index: i });
      else {
        options.push({ name, value: argv[i + 1] ?? '', index: i + 1 });
        i++;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const letters = a.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const ch = letters[j]!;
        const name = SHORT_NAMES[ch] ?? ch;
        if (BOOL_SHORT.has(ch)) {
          options.push({ name, value: 'true', index: i });
          continue;
        }
        const rest = letters.slice(j + 1).replace(/^=/, '');
        if (rest !== '') options.push({ name, value: rest, index: i });
        else {
          options.push({ name, value: argv[i + 1] ?? '', index: i + 1 });
          i++;
        }
        break;
      }
      continue;
    }
    break;
  }
  const image = i < argv.length ? { value: argv[i]!, index: i } : undefined;
  return { tool, subcommand: sub, options, image };
}

/** A shell word whose value is not known statically (`$TAG`, `${X:-y}`, `$(...)`, backticks). */
export function dynamic(word: string): boolean {
  return /\$|`/.test(word);
}

/**
 * Maps a parsed command onto the common container model. `originOf(index)` gives the position of
 * argv word `index` (the scanner locates words on the lines of multi-line commands).
 */
export function runSpec(run: ParsedRun, commandOrigin: Origin, originOf: (index: number) => Origin): ContainerSpec {
  const imageText = run.image?.value ?? '';
  const label = `\`${run.tool} ${run.subcommand}\`${imageText ? ` of ${imageText}` : ''}`;
  const spec = emptySpec('run', imageText || `${run.tool} ${run.subcommand}`, label, commandOrigin);
  if (run.image) spec.image = at({ text: run.image.value, raw: run.image.value, unresolved: dynamic(run.image.value) }, originOf(run.image.index));
  const val = (o: RunOption) => (dynamic(o.value) ? null : o.value);
  const bool = (o: RunOption) => (dynamic(o.value) ? null : !/^(?:false|0)$/i.test(o.value));
  for (const o of run.options) {
    const where = originOf(o.index);
    switch (o.name) {
      case 'privileged':
        spec.privileged = at(bool(o), where);
        break;
      case 'read-only':
        spec.readOnlyRootfs = at(bool(o), where);
        break;
      case 'cap-add':
      case 'cap-drop':
        for (const cap of o.value.split(',')) (o.name === 'cap-add' ? spec.capAdd : spec.capDrop).push(at(dynamic(cap) ? null : cap.trim(), where));
        break;
      case 'security-opt':
        spec.securityOpt.push(at(val(o), where));
        break;
      case 'net':
      case 'network':
        spec.networkMode = at(val(o), where);
        break;
      case 'pid':
        spec.pidMode = at(val(o), where);
        break;
      case 'ipc':
        spec.ipcMode = at(val(o), where);
        break;
      case 'user':
        spec.user = at(val(o), where);
        break;
      case 'memory':
        spec.memoryLimit = at(val(o), where);
        break;
      case 'health-cmd':
        spec.healthcheck = at('enabled', where);
        break;
      case 'no-healthcheck':
        if (bool(o)) spec.healthcheck = at('disabled', where);
        break;
      case 'env': {
        const eq = o.value.indexOf('=');
        const name = eq < 0 ? o.value : o.value.slice(0, eq);
        const value = eq < 0 ? undefined : o.value.slice(eq + 1);
        spec.env.push({ name, value, reference: value !== undefined && dynamic(value), origin: where });
        break;
      }
      case 'volume':
        spec.mounts.push(volumeFlag(o.value, where));
        break;
      case 'mount':
        spec.mounts.push(mountFlag(o.value, where));
        break;
      case 'use-api-socket':
        // Docker 28+: mounts the daemon's API socket (and registry credentials) into the container.
        if (bool(o)) spec.mounts.push({ source: '/var/run/docker.sock', target: '/var/run/docker.sock', type: 'bind', readOnly: false, origin: where, unresolved: false });
        break;
      case 'publish': {
        const p = parsePortSpec(o.value);
        if (p) spec.ports.push({ ...p, raw: o.value, origin: where, unresolved: dynamic(o.value) });
        break;
      }
      default:
        break;
    }
  }
  return spec;
}

/** `-v SRC:DST[:OPTS]` (a bind when SRC is a path), `-v DST` (anonymous volume). */
function volumeFlag(v: string, origin: Origin): Mount {
  const parts = v.split(':');
  if (parts.length === 1) return { source: '', target: v, type: 'volume', readOnly: false, origin, unresolved: dynamic(v) };
  const [source = '', target = '', opts = ''] = parts;
  const bind = /^(?:\/|\.|~|\$)/.test(source);
  return { source, target, type: bind ? 'bind' : 'volume', readOnly: opts.split(',').includes('ro'), origin, unresolved: dynamic(source) };
}

/** `--mount type=bind,source=/x,target=/y,readonly` (also `src`, `dst`, `destination`, `ro`). */
function mountFlag(v: string, origin: Origin): Mount {
  const kv = new Map<string, string>();
  for (const part of v.split(',')) {
    const eq = part.indexOf('=');
    kv.set((eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? 'true' : part.slice(eq + 1).trim());
  }
  const type = (kv.get('type') ?? 'volume').toLowerCase();
  const source = kv.get('source') ?? kv.get('src') ?? '';
  const ro = kv.get('readonly') ?? kv.get('ro');
  return {
    source,
    target: kv.get('target') ?? kv.get('destination') ?? kv.get('dst') ?? '',
    type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
    readOnly: ro !== undefined && !/^(?:false|0)$/i.test(ro),
    origin,
    unresolved: dynamic(source),
  };
}
