import { parseArgs, type ArgSpec, type Operand, type ParsedArgs } from './args.js';
import type { Command } from './commands.js';

/**
 * Recognises package-manager invocations in (unwrapped) commands: which tool, which subcommand,
 * its options and its operands (package names), using each tool's own option syntax so that
 * `apt-get -o Foo=1 install -t bookworm x` yields the single package `x`.
 */

export type PackageTool = 'apt' | 'apk' | 'pip' | 'npm' | 'gem' | 'go' | 'cargo' | 'yum' | 'zypper';

export interface PackageCommand {
  tool: PackageTool;
  /** The program as written (`apt-get`, `apt`, `dnf`, `pip3`, `python3 -m pip`…). */
  program: string;
  /** First operand (`install`), lower-cased; '' when there is none. */
  sub: string;
  /** Options and operands of the whole command line (tool options and subcommand options). */
  args: ParsedArgs;
  /** Operands after the subcommand (package names, files, paths). */
  operands: Operand[];
  /** The argv the option indices refer to (for pip run as `python -m pip`, pip's own argv). */
  argv: string[];
}

export const APT_SPEC: ArgSpec = {
  shortValue: 'ocatP',
  longValue: ['option', 'config-file', 'target-release', 'default-release', 'host-architecture', 'build-profiles'],
};

export const APK_SPEC: ArgSpec = {
  shortValue: 'pXt',
  longValue: ['root', 'repository', 'repositories-file', 'keys-dir', 'arch', 'cache-dir', 'cache-max-age', 'timeout', 'wait', 'progress-fd', 'virtual'],
};

export const PIP_SPEC: ArgSpec = {
  shortValue: 'rcetifCd',
  longValue: [
    'requirement', 'constraint', 'editable', 'target', 'index-url', 'extra-index-url', 'find-links', 'config-settings',
    'proxy', 'log', 'cache-dir', 'cert', 'client-cert', 'timeout', 'retries', 'exists-action', 'trusted-host', 'python',
    'use-feature', 'use-deprecated', 'keyring-provider', 'progress-bar', 'root-user-action', 'upgrade-strategy', 'prefix',
    'root', 'src', 'platform', 'python-version', 'implementation', 'abi', 'only-binary', 'no-binary', 'global-option',
    'install-option', 'report', 'dest', 'build',
  ],
};

const NPM_SPEC: ArgSpec = {
  shortValue: 'w',
  longValue: ['prefix', 'registry', 'cache', 'tag', 'workspace', 'omit', 'include', 'loglevel', 'userconfig', 'globalconfig', 'install-strategy', 'before', 'location'],
};

const GEM_SPEC: ArgSpec = {
  shortValue: 'vinsPg',
  longValue: ['version', 'install-dir', 'bindir', 'source', 'trust-policy', 'platform', 'file', 'build-root', 'target-rbconfig'],
};

const CARGO_SPEC: ArgSpec = {
  shortValue: 'FjZ',
  longValue: ['version', 'vers', 'git', 'branch', 'tag', 'rev', 'path', 'root', 'registry', 'index', 'features', 'target', 'target-dir', 'profile', 'jobs', 'config', 'color', 'bin', 'example'],
};

const YUM_SPEC: ArgSpec = {
  shortValue: 'cdexR',
  longValue: ['config', 'debuglevel', 'errorlevel', 'exclude', 'installroot', 'releasever', 'setopt', 'enablerepo', 'disablerepo', 'repo', 'repoid', 'forcearch', 'downloaddir', 'destdir', 'color'],
};

const ZYPPER_SPEC: ArgSpec = {
  shortValue: 'cDCRtrp',
  longValue: ['config', 'reposd-dir', 'cache-dir', 'raw-cache-dir', 'solv-cache-dir', 'pkg-cache-dir', 'root', 'type', 'repo', 'from', 'name', 'capability'],
};

/** Go's flags use one dash (`-ldflags`); these take a value in the next word. */
const GO_VALUE_FLAGS = new Set(['-o', '-p', '-mod', '-modfile', '-tags', '-ldflags', '-gcflags', '-asmflags', '-pkgdir', '-toolexec', '-overlay', '-pgo', '-C', '-exec', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix', '-covermode', '-coverpkg']);

const PYTHON_SPEC: ArgSpec = { shortValue: 'cmWXQ', stopAtOperand: true };

function build(tool: PackageTool, program: string, argv: string[], spec: ArgSpec, start: number): PackageCommand {
  const args = parseArgs(argv, spec, start);
  const [first, ...rest] = args.operands;
  return { tool, program, sub: (first?.value ?? '').toLowerCase(), args, operands: rest, argv };
}

/** The package-manager invocation a command is, if any. */
export function packageCommand(cmd: Pick<Command, 'name' | 'argv'>): PackageCommand | undefined {
  const { name, argv } = cmd;
  if (name === 'apt-get' || name === 'apt') return build('apt', name, argv, APT_SPEC, 1);
  if (name === 'apk') return build('apk', name, argv, APK_SPEC, 1);
  if (/^pip[0-9.]*$/.test(name)) return build('pip', name, argv, PIP_SPEC, 1);
  if (/^(python|pypy|py)[0-9.]*$/.test(name)) {
    // `python3 -m pip install …`: pip's arguments start after the module name.
    const py = parseArgs(argv, PYTHON_SPEC, 1);
    const m = py.options.find((o) => o.name === '-m');
    if (m?.value !== 'pip') return undefined;
    const start = (m.valueIndex ?? m.index) + 1;
    return build('pip', `${name} -m pip`, ['pip', ...argv.slice(start)], PIP_SPEC, 1);
  }
  if (name === 'npm') return build('npm', name, argv, NPM_SPEC, 1);
  if (name === 'gem') return build('gem', name, argv, GEM_SPEC, 1);
  if (name === 'cargo') return build('cargo', name, argv, CARGO_SPEC, 1);
  if (name === 'yum' || name === 'dnf' || name === 'microdnf' || name === 'tdnf') return build('yum', name, argv, YUM_SPEC, 1);
  if (name === 'zypper') return build('zypper', name, argv, ZYPPER_SPEC, 1);
  if (name === 'go') return goCommand(argv);
  return undefined;
}

function goCommand(argv: string[]): PackageCommand {
  const options: ParsedArgs['options'] = [];
  const operands: Operand[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.startsWith('-') && w !== '-') {
      const eq = w.indexOf('=');
      const flag = (eq < 0 ? w : w.slice(0, eq)).replace(/^--/, '-');
      if (eq < 0 && GO_VALUE_FLAGS.has(flag) && i + 1 < argv.length) {
        options.push({ name: flag, value: argv[i + 1], index: i, valueIndex: i + 1 });
        i++;
      } else options.push({ name: flag, value: eq < 0 ? undefined : w.slice(eq + 1), index: i });
    } else operands.push({ value: w, index: i });
  }
  const [first, ...rest] = operands;
  return { tool: 'go', program: 'go', sub: first?.value ?? '', args: { options, operands, rest: argv.length }, operands: rest, argv };
}

/** apt-get/apt subcommands that install packages. */
export const APT_INSTALL = new Set(['install', 'reinstall']);

/** True for `apt-get install`/`apt install` (and `reinstall`). */
export function isAptInstall(pc: PackageCommand | undefined): pc is PackageCommand {
  return pc?.tool === 'apt' && APT_INSTALL.has(pc.sub);
}

/** True for `pip install` in any of its spellings. */
export function isPipInstall(pc: PackageCommand | undefined): pc is PackageCommand {
  return pc?.tool === 'pip' && pc.sub === 'install';
}

/**
 * `-o Key=value` / `--option=Key=value` settings given to apt, keys lower-cased (APT configuration
 * keys are case-insensitive).
 */
export function aptOptions(pc: PackageCommand): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of pc.args.options) {
    const kv = aptOptionSetting(o);
    if (kv) out.set(kv[0], kv[1]);
  }
  return out;
}

/** `[key, value]` of one `-o Key=value` option (key lower-cased), or undefined for other options. */
export function aptOptionSetting(o: { name: string; value?: string }): [string, string] | undefined {
  if ((o.name !== '-o' && o.name !== '--option') || o.value === undefined) return undefined;
  const eq = o.value.indexOf('=');
  return eq > 0 ? [o.value.slice(0, eq).toLowerCase(), o.value.slice(eq + 1)] : undefined;
}

/** APT's boolean parsing: true/yes/on/with/enable/1 and false/no/off/without/disable/0. */
export function aptBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (['true', 'yes', 'on', 'with', 'enable', '1'].includes(v)) return true;
  if (['false', 'no', 'off', 'without', 'disable', '0'].includes(v)) return false;
  return undefined;
}

/**
 * The last value an earlier instruction wrote for an APT configuration key into a file (the
 * common `echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/…` or a heredoc), in the
 * instructions `before` an instruction sees. Only the text handed to `echo`/`printf`/heredocs is
 * read, so a key mentioned in an unrelated command does not count.
 */
export function aptConfigWritten(texts: Iterable<string>, key: string): boolean | undefined {
  const re = new RegExp(`(?:^|[\\s;{])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(?:=\\s*|\\s+)"?([A-Za-z0-9]+)"?`, 'gi');
  let result: boolean | undefined;
  for (const text of texts) {
    for (const m of text.matchAll(re)) {
      const b = aptBool(m[1]);
      if (b !== undefined) result = b;
    }
  }
  return result;
}
