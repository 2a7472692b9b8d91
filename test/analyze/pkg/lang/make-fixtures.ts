/**
 * Builds real test data for the language catalogers with the ecosystems' own tools, and the
 * reference output of those tools to compare against. Outputs are cached in
 * `os.tmpdir()/leftshift-lang-fixtures/<name>`; a fixture is built once, into a temporary directory
 * renamed into place, so concurrent test files do not trip over each other.
 *
 * Needs: the npm registry (npm, yarn, pnpm installs), Debian's packages (apt-get installs missing
 * ones: golang-go and two Go libraries, cargo libraries, ruby, composer, python3-yaml,
 * python3-gpg, libcommons-lang3-java), plus `go`, `cargo`, `objcopy` and `unzip`.
 * A fixture that cannot be built returns `{ skip: reason }`; tests then skip with that reason.
 *
 * Build everything ahead: `npx tsx test/analyze/pkg/lang/make-fixtures.ts --build`.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';

export const FIXTURE_ROOT = join(tmpdir(), 'leftshift-lang-fixtures');
/** Bump to rebuild every cached fixture after a recipe change. */
const RECIPE = 'v1';
/** The -ldflags the Go fixture is built with (a value with spaces and quotes, as build info quotes it). */
export const GO_LDFLAGS = "-s -w -X 'main.version=1.2.3 beta'";
const REGISTRY = 'https://registry.npmjs.org/';

export type Fixture = { dir: string } | { skip: string };

function run(cmd: string, args: string[], opts: ExecFileSyncOptions = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, maxBuffer: 256 * 1024 * 1024, ...opts }) as string;
}

/** Like run, but keeps stdout of a command that exits non-zero (`npm ls` does on peer warnings). */
function runLenient(cmd: string, args: string[], opts: ExecFileSyncOptions = {}): string {
  try {
    return run(cmd, args, opts);
  } catch (err) {
    const out = (err as { stdout?: unknown }).stdout;
    if (typeof out === 'string' && out.trim() !== '') return out;
    throw err;
  }
}

function have(cmd: string): boolean {
  try {
    run('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
}

/** Installs Debian packages that are missing (the machine's apt sources; root on this workplace). */
export function ensureDebianPackages(pkgs: string[]): void {
  const missing = pkgs.filter((p) => {
    try {
      return !run('dpkg-query', ['-W', '-f', '${Status}', p]).includes('install ok installed');
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Other test files may run apt at the same time: wait for dpkg's lock instead of failing.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  try {
    run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...missing], { env });
  } catch {
    run('apt-get', [...lock, 'update'], { env });
    run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...missing], { env });
  }
}

const building = new Map<string, Fixture>();

/** Builds fixture `name` once (per machine while the cache stays), then returns its directory. */
export function fixture(name: string, build: (dir: string) => void): Fixture {
  const cachedResult = building.get(name);
  if (cachedResult) return cachedResult;
  const dir = join(FIXTURE_ROOT, RECIPE, name);
  if (existsSync(join(dir, '.ok'))) return { dir };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let result: Fixture;
  try {
    build(tmp);
    writeFileSync(join(tmp, '.ok'), new Date().toISOString());
    try {
      renameSync(tmp, dir);
    } catch {
      // Another process finished first: use its copy.
      rmSync(tmp, { recursive: true, force: true });
    }
    result = existsSync(join(dir, '.ok')) ? { dir } : { skip: `fixture ${name} vanished` };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const e = err as { message?: string; stderr?: unknown };
    const stderr = typeof e.stderr === 'string' ? e.stderr.slice(-600) : '';
    result = { skip: `cannot build fixture ${name}: ${e.message ?? String(err)} ${stderr}`.trim() };
  }
  building.set(name, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// npm, yarn, pnpm

const APP_PACKAGE_JSON = {
  name: 'app',
  version: '1.0.0',
  private: true,
  dependencies: { lodash: '4.17.15', express: '4.16.0', '@types/node': '*' },
  devDependencies: { 'is-number': '7.0.0' },
};

function npmEnv(root: string): NodeJS.ProcessEnv {
  return { ...process.env, npm_config_cache: join(root, 'npm-cache'), npm_config_registry: REGISTRY, npm_config_update_notifier: 'false' };
}

/**
 * `app/`: `npm install` of lodash@4.17.15, express@4.16.0, @types/node and dev is-number, with its
 * package-lock.json v3; `lock-v1/`, `lock-v2/`: the same resolution re-written as lockfile 1 and 2
 * by npm itself; `npm-ls.json` / `npm-ls-prod.json`: `npm ls --all --json` (and `--omit=dev`).
 */
export function npmFixture(): Fixture {
  return fixture('npm', (dir) => {
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify(APP_PACKAGE_JSON, null, 2));
    const env = npmEnv(dir);
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app, env });
    writeFileSync(join(dir, 'npm-ls.json'), runLenient('npm', ['ls', '--all', '--json'], { cwd: app, env }));
    writeFileSync(join(dir, 'npm-ls-prod.json'), runLenient('npm', ['ls', '--all', '--json', '--omit=dev'], { cwd: app, env }));
    for (const v of ['1', '2']) {
      const d = join(dir, `lock-v${v}`);
      mkdirSync(d);
      cpSync(join(app, 'package.json'), join(d, 'package.json'));
      cpSync(join(app, 'package-lock.json'), join(d, 'package-lock.json'));
      run('npm', ['install', '--package-lock-only', `--lockfile-version=${v}`, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: d, env });
    }
    rmSync(join(dir, 'npm-cache'), { recursive: true, force: true });
  });
}

/** Package managers installed from the npm registry into a tools directory. */
export function toolsFixture(): Fixture {
  return fixture('tools', (dir) => {
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    run(
      'npm',
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', 'yarn@1.22.22', '@yarnpkg/cli-dist@4', 'pnpm7@npm:pnpm@7', 'pnpm8@npm:pnpm@8', 'pnpm9@npm:pnpm@9'],
      { cwd: dir, env: npmEnv(dir) },
    );
    rmSync(join(dir, 'npm-cache'), { recursive: true, force: true });
  });
}

/** `app/` installed by yarn classic (yarn.lock v1), `npm-ls.json` of the node_modules it made. */
export function yarnClassicFixture(): Fixture {
  const tools = toolsFixture();
  if ('skip' in tools) return tools;
  return fixture('yarn-classic', (dir) => {
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify(APP_PACKAGE_JSON, null, 2));
    run('node', [join(tools.dir, 'node_modules/yarn/bin/yarn.js'), 'install', '--ignore-scripts', '--non-interactive', '--no-progress', '--registry', REGISTRY, '--cache-folder', join(dir, 'cache')], { cwd: app, env: npmEnv(dir) });
    writeFileSync(join(dir, 'npm-ls.json'), runLenient('npm', ['ls', '--all', '--json'], { cwd: app, env: npmEnv(dir) }));
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    rmSync(join(dir, 'npm-cache'), { recursive: true, force: true });
  });
}

/** `app/` installed by yarn berry (v4) with the node-modules linker, and `npm-ls.json`. */
export function yarnBerryFixture(): Fixture {
  const tools = toolsFixture();
  if ('skip' in tools) return tools;
  return fixture('yarn-berry', (dir) => {
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify(APP_PACKAGE_JSON, null, 2));
    writeFileSync(join(app, 'yarn.lock'), '');
    writeFileSync(join(app, '.yarnrc.yml'), `npmRegistryServer: "${REGISTRY.replace(/\/$/, '')}"\nnodeLinker: node-modules\nenableTelemetry: false\nenableGlobalCache: false\ncacheFolder: "${join(dir, 'cache')}"\n`);
    run('node', [join(tools.dir, 'node_modules/@yarnpkg/cli-dist/bin/yarn.js'), 'install', '--mode=skip-build'], {
      cwd: app,
      env: { ...npmEnv(dir), YARN_ENABLE_SCRIPTS: 'false', YARN_ENABLE_TELEMETRY: '0', COREPACK_ENABLE_STRICT: '0' },
    });
    writeFileSync(join(dir, 'npm-ls.json'), runLenient('npm', ['ls', '--all', '--json'], { cwd: app, env: npmEnv(dir) }));
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    rmSync(join(dir, 'npm-cache'), { recursive: true, force: true });
  });
}

/** `app/pnpm-lock.yaml` written by pnpm 7 (lockfile 5.4), 8 (6.0) or 9 (9.0), and `pnpm-list.json`. */
export function pnpmFixture(major: 7 | 8 | 9): Fixture {
  const tools = toolsFixture();
  if ('skip' in tools) return tools;
  return fixture(`pnpm${major}`, (dir) => {
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify(APP_PACKAGE_JSON, null, 2));
    const pnpm = join(tools.dir, `node_modules/pnpm${major}/bin/pnpm.cjs`);
    const env = npmEnv(dir);
    run('node', [pnpm, 'install', '--ignore-scripts', '--registry', REGISTRY, '--store-dir', join(dir, 'store')], { cwd: app, env });
    writeFileSync(join(dir, 'pnpm-list.json'), runLenient('node', [pnpm, 'list', '--depth', 'Infinity', '--json'], { cwd: app, env }));
  });
}

// ---------------------------------------------------------------------------------------------
// Go

/** Debian Go libraries served to `go` as a file:// module proxy (module zip format), so the build records real `h1:` sums. */
const GO_LIBS = [
  { deb: 'golang-github-davecgh-go-spew-dev', module: 'github.com/davecgh/go-spew', version: 'v1.1.1' },
  { deb: 'golang-github-pmezard-go-difflib-dev', module: 'github.com/pmezard/go-difflib', version: 'v1.0.0' },
];

function zipDir(srcDir: string, prefix: string): Buffer {
  // The module zip format: every file under `module@version/`. fflate builds it; no zip tool needed.
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else if (e.isFile()) files[`${prefix}${rel}${e.name}`] = readFileSync(join(d, e.name));
    }
  };
  walk(srcDir, '');
  return Buffer.from(zipSync(files));
}

/**
 * `app` (amd64), `app-386`, `app-s390x`: a module `example.com/leftshift/app` built by `go build`
 * with -ldflags, in a git repository (vcs stamping), requiring two Debian-packaged libraries and a
 * local module through a `replace`. `app.version-m.txt`: `go version -m app` for each binary;
 * references: `go.sum`, `go.mod.json` (`go mod edit -json`), `vcs-revision.txt` (`git rev-parse
 * HEAD`), `go-version.txt` (`go env GOVERSION`).
 */
export function goFixture(): Fixture {
  return fixture('go', (dir) => {
    // fzf: a Debian-built Go binary (GOPATH mode: Go version but no module information).
    ensureDebianPackages(['golang-go', 'git', 'fzf', ...GO_LIBS.map((l) => l.deb)]);
    const proxy = join(dir, 'proxy');
    for (const lib of GO_LIBS) {
      const v = join(proxy, lib.module, '@v');
      mkdirSync(v, { recursive: true });
      const mod = `module ${lib.module}\n`;
      writeFileSync(join(v, `${lib.version}.mod`), mod);
      writeFileSync(join(v, `${lib.version}.info`), JSON.stringify({ Version: lib.version, Time: '2018-01-01T00:00:00Z' }));
      writeFileSync(join(v, 'list'), `${lib.version}\n`);
      const stage = join(dir, 'stage', lib.module);
      cpSync(join('/usr/share/gocode/src', lib.module), stage, { recursive: true });
      writeFileSync(join(stage, 'go.mod'), mod);
      writeFileSync(join(v, `${lib.version}.zip`), zipDir(stage, `${lib.module}@${lib.version}/`));
    }
    const greet = join(dir, 'src/greet');
    mkdirSync(greet, { recursive: true });
    writeFileSync(join(greet, 'go.mod'), 'module example.com/greet\n\ngo 1.19\n');
    writeFileSync(join(greet, 'greet.go'), 'package greet\n\nfunc Hello() string { return "hi" }\n');
    const app = join(dir, 'src/app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'go.mod'), 'module example.com/leftshift/app\n\ngo 1.19\n\nrequire example.com/greet v0.1.0\n\nreplace example.com/greet v0.1.0 => ../greet\n');
    writeFileSync(
      join(app, 'main.go'),
      'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n\t"github.com/davecgh/go-spew/spew"\n\t"github.com/pmezard/go-difflib/difflib"\n)\n\nvar version = "dev"\n\nfunc main() {\n\tfmt.Println(greet.Hello(), version, spew.Sdump(1), difflib.SplitLines("a"))\n}\n',
    );
    const env = {
      ...process.env,
      GOPROXY: `file://${proxy}`,
      GOSUMDB: 'off',
      GOFLAGS: '-mod=mod',
      GOPATH: join(dir, 'gopath'),
      GOCACHE: join(dir, 'gocache'),
      GOTOOLCHAIN: 'local',
    };
    run('go', ['get', ...GO_LIBS.map((l) => `${l.module}@${l.version}`)], { cwd: app, env });
    const git = ['-c', 'user.email=fixture@example.com', '-c', 'user.name=fixture'];
    run('git', ['init', '-q', '.'], { cwd: app });
    run('git', [...git, 'add', '-A'], { cwd: app });
    run('git', [...git, 'commit', '-qm', 'fixture'], { cwd: app });
    for (const [arch, out] of [['amd64', 'app'], ['386', 'app-386'], ['s390x', 'app-s390x']] as const) {
      run('go', ['build', '-ldflags', GO_LDFLAGS, '-o', join(dir, out), '.'], { cwd: app, env: { ...env, GOARCH: arch, CGO_ENABLED: '0' } });
      writeFileSync(join(dir, `${out}.version-m.txt`), run('go', ['version', '-m', join(dir, out)], { env }));
    }
    cpSync(join(app, 'go.mod'), join(dir, 'go.mod'));
    writeFileSync(join(dir, 'go.mod.json'), run('go', ['mod', 'edit', '-json'], { cwd: app, env }));
    cpSync(join(app, 'go.sum'), join(dir, 'go.sum'));
    writeFileSync(join(dir, 'vcs-revision.txt'), run('git', ['rev-parse', 'HEAD'], { cwd: app }).trim());
    writeFileSync(join(dir, 'go-version.txt'), run('go', ['env', 'GOVERSION'], { env }).trim());
    for (const d of ['gopath', 'gocache', 'stage']) {
      // The module cache is read-only by design; make it removable.
      run('chmod', ['-R', 'u+w', join(dir, d)]);
      rmSync(join(dir, d), { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Rust

/**
 * `hello`: a cargo binary depending on itoa and cfg-if from Debian's crate packages (a cargo
 * "directory" source, fully offline), `Cargo.lock` as cargo wrote it, `metadata.json`
 * (`cargo metadata`), and `hello-auditable`: the same binary with a `.dep-v0` section.
 * cargo-auditable itself is not installable here (not in Debian 12; crates.io unreachable), so
 * the section is made the way its documentation specifies: the dependency graph from `cargo
 * metadata` as `{"packages": [...]}` JSON, zlib-compressed, added with `objcopy --add-section`.
 */
export function rustFixture(): Fixture {
  return fixture('rust', (dir) => {
    ensureDebianPackages(['librust-itoa-dev', 'librust-cfg-if-dev', 'binutils']);
    if (!have('cargo')) throw new Error('cargo not installed');
    const proj = join(dir, 'proj');
    mkdirSync(join(proj, 'src'), { recursive: true });
    mkdirSync(join(proj, '.cargo'));
    writeFileSync(join(proj, 'Cargo.toml'), '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nitoa = "1"\ncfg-if = "1"\n');
    writeFileSync(join(proj, '.cargo/config.toml'), '[source.crates-io]\nreplace-with = "debian"\n\n[source.debian]\ndirectory = "/usr/share/cargo/registry"\n\n[net]\noffline = true\n');
    writeFileSync(
      join(proj, 'src/main.rs'),
      'cfg_if::cfg_if! {\n    if #[cfg(unix)] { fn os() -> &\'static str { "unix" } } else { fn os() -> &\'static str { "other" } }\n}\n\nfn main() {\n    let mut b = itoa::Buffer::new();\n    println!("{} {}", b.format(42), os());\n}\n',
    );
    const env = { ...process.env, CARGO_TARGET_DIR: join(dir, 'target') };
    run('cargo', ['build', '--release', '--offline', '-q'], { cwd: proj, env });
    const metadataJson = run('cargo', ['metadata', '--format-version', '1', '--offline'], { cwd: proj, env });
    writeFileSync(join(dir, 'metadata.json'), metadataJson);
    cpSync(join(proj, 'Cargo.lock'), join(dir, 'Cargo.lock'));
    cpSync(join(dir, 'target/release/hello'), join(dir, 'hello'));
    writeFileSync(join(dir, 'dep-v0.json'), JSON.stringify(auditableJson(JSON.parse(metadataJson))));
    writeFileSync(join(dir, 'dep-v0.z'), deflateSync(readFileSync(join(dir, 'dep-v0.json'))));
    run('objcopy', ['--add-section', `.dep-v0=${join(dir, 'dep-v0.z')}`, '--set-section-flags', '.dep-v0=noload,readonly', join(dir, 'hello'), join(dir, 'hello-auditable')]);
    rmSync(join(dir, 'target'), { recursive: true, force: true });
  });
}

interface CargoMetadata {
  packages: Array<{ id: string; name: string; version: string; source: string | null }>;
  resolve: { root: string | null; nodes: Array<{ id: string; deps: Array<{ pkg: string; dep_kinds: Array<{ kind: string | null }> }> }> };
}

/** The cargo-auditable JSON shape from `cargo metadata` output (packages sorted by name, then version). */
function auditableJson(meta: CargoMetadata): unknown {
  const pkgs = [...meta.packages].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const index = new Map(pkgs.map((p, i) => [p.id, i]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  return {
    packages: pkgs.map((p) => {
      const deps = (nodes.get(p.id)?.deps ?? []).filter((d) => d.dep_kinds.some((k) => k.kind !== 'dev')).map((d) => index.get(d.pkg)!);
      const entry: Record<string, unknown> = {
        name: p.name,
        version: p.version,
        source: p.source === null ? 'local' : p.source.includes('crates.io-index') ? 'crates.io' : 'registry',
      };
      if (deps.length > 0) entry.dependencies = deps.sort((a, b) => a - b);
      if (p.id === meta.resolve.root) entry.root = true;
      return entry;
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Python, Java (Debian's installed files)

/** Debian's dist-packages with python3-yaml (dist-info + RECORD) and python3-gpg (single-file egg-info); `importlib.json`: what Python's importlib.metadata reports there. */
export function pythonFixture(): Fixture {
  return fixture('python', (dir) => {
    ensureDebianPackages(['python3-yaml', 'python3-gpg']);
    const script = [
      'import importlib.metadata as m, json, sys',
      'out = []',
      "for d in m.distributions(path=['/usr/lib/python3/dist-packages']):",
      "    out.append({'path': str(d._path), 'name': d.metadata['Name'], 'version': d.version, 'license': d.metadata.get('License'),",
      "                'classifiers': d.metadata.get_all('Classifier') or [], 'files': [str(f.locate()) for f in (d.files or [])]})",
      'json.dump(out, sys.stdout)',
    ].join('\n');
    writeFileSync(join(dir, 'importlib.json'), run('/usr/bin/python3', ['-c', script]));
  });
}

/** Java: `/usr/share/java` jars from Debian (commons-lang3 and friends). */
export function javaFixture(): Fixture {
  return fixture('java', (dir) => {
    ensureDebianPackages(['libcommons-lang3-java', 'libcommons-io-java', 'libguava-java', 'unzip']);
    writeFileSync(join(dir, 'jars.txt'), readdirSync('/usr/share/java').filter((f) => f.endsWith('.jar')).join('\n'));
  });
}

// ---------------------------------------------------------------------------------------------
// Ruby, PHP

/**
 * Ruby: `specs.json` = Ruby's own evaluation (`Gem::Specification.load`) of every installed
 * gemspec on `Gem.path` (Debian: /usr/lib/ruby/gems, rubygems-integration); `bundle/Gemfile.lock` written by `bundle lock --local` from
 * installed gems, and `lock.json` = `Bundler::LockfileParser` of it.
 */
export function rubyFixture(): Fixture {
  return fixture('ruby', (dir) => {
    ensureDebianPackages(['ruby', 'bundler']);
    const specScript = `
      require 'json'
      files = Gem.path.flat_map { |d| Dir[File.join(d, 'specifications', '*.gemspec')] + Dir[File.join(d, 'specifications', 'default', '*.gemspec')] }
      out = files.sort.map do |f|
        s = Gem::Specification.load(f)
        { path: f, name: s.name, version: s.version.to_s, platform: s.platform.to_s, licenses: s.licenses, deps: s.runtime_dependencies.map(&:name) }
      end
      puts JSON.generate(out)`;
    writeFileSync(join(dir, 'specs.json'), run('ruby', ['-e', specScript]));
    const bundle = join(dir, 'bundle');
    mkdirSync(bundle);
    writeFileSync(join(bundle, 'Gemfile'), 'source "https://rubygems.org"\n\ngem "rake"\ngem "typeprof"\ngem "test-unit"\n');
    run('bundle', ['lock', '--local'], { cwd: bundle, env: { ...process.env, BUNDLE_USER_HOME: join(dir, 'bundle-home') } });
    const lockScript = `
      require 'bundler'; require 'json'
      l = Bundler::LockfileParser.new(File.read('Gemfile.lock'))
      puts JSON.generate(l.specs.map { |s| { name: s.name, version: s.version.to_s, platform: s.platform.to_s, deps: s.dependencies.map(&:name) } })`;
    writeFileSync(join(dir, 'lock.json'), run('ruby', ['-e', lockScript], { cwd: bundle }));
  });
}

/**
 * PHP: `app/` installed by Composer 2 from path repositories of Debian's PHP libraries
 * (php-psr-log, php-composer-semver, dev: jsonlint). Debian strips their composer.json, so a
 * minimal one (name, Debian's upstream version, license, autoload) is written for each; the files
 * under test (`vendor/composer/installed.json`, `composer.lock`) are Composer's own output.
 * `show.json`: `composer show --format=json`.
 */
export function phpFixture(): Fixture {
  return fixture('php', (dir) => {
    ensureDebianPackages(['composer', 'php-psr-log', 'php-composer-semver', 'jsonlint']);
    const libs = [
      { deb: 'php-psr-log', name: 'psr/log', src: '/usr/share/php/Psr/Log', license: 'MIT', ns: 'Psr\\Log\\' },
      { deb: 'php-composer-semver', name: 'composer/semver', src: '/usr/share/php/Composer/Semver', license: 'MIT', ns: 'Composer\\Semver\\' },
      { deb: 'jsonlint', name: 'seld/jsonlint', src: '/usr/share/php/Seld/JsonLint', license: 'MIT', ns: 'Seld\\JsonLint\\' },
    ];
    const repos: unknown[] = [];
    for (const lib of libs) {
      const debVersion = run('dpkg-query', ['-W', '-f', '${Version}', lib.deb]).trim();
      const version = debVersion.replace(/^\d+:/, '').replace(/-[^-]+$/, '').replace(/[+~].*$/, '');
      const d = join(dir, 'libs', lib.name);
      cpSync(lib.src, join(d, 'src'), { recursive: true, dereference: true });
      writeFileSync(join(d, 'composer.json'), JSON.stringify({ name: lib.name, version, type: 'library', license: [lib.license], require: { php: '>=7.2' }, autoload: { 'psr-4': { [lib.ns]: 'src/' } } }, null, 2));
      repos.push({ type: 'path', url: d, options: { symlink: false } });
    }
    repos.push({ 'packagist.org': false });
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'composer.json'),
      JSON.stringify({ name: 'leftshift/app', require: { 'psr/log': '*', 'composer/semver': '*' }, 'require-dev': { 'seld/jsonlint': '*' }, repositories: repos }, null, 2),
    );
    const env = { ...process.env, COMPOSER_HOME: join(dir, 'composer-home'), COMPOSER_ALLOW_SUPERUSER: '1', COMPOSER_NO_INTERACTION: '1' };
    run('composer', ['install', '--no-scripts', '--no-plugins', '--no-progress'], { cwd: app, env });
    writeFileSync(join(dir, 'show.json'), run('composer', ['show', '--format=json'], { cwd: app, env }));
  });
}

/** Size of a file, for building FileInfo in tests. */
export function sizeOf(path: string): number {
  return statSync(path).size;
}

if (process.argv.includes('--build')) {
  const all: Array<[string, () => Fixture]> = [
    ['npm', npmFixture],
    ['yarn-classic', yarnClassicFixture],
    ['yarn-berry', yarnBerryFixture],
    ['pnpm7', () => pnpmFixture(7)],
    ['pnpm8', () => pnpmFixture(8)],
    ['pnpm9', () => pnpmFixture(9)],
    ['go', goFixture],
    ['rust', rustFixture],
    ['python', pythonFixture],
    ['java', javaFixture],
    ['ruby', rubyFixture],
    ['php', phpFixture],
  ];
  for (const [name, make] of all) {
    const r = make();
    console.log(name, 'dir' in r ? r.dir : `SKIPPED: ${r.skip}`);
  }
}
