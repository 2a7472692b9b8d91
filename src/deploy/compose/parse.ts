import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { at, emptySpec, type At, type ContainerSpec, type EnvVar, type Mount, type Origin, type PortMapping } from '../shared/container.js';
import { YamlFile, scalarText, type Problem } from '../shared/yaml.js';
import { interpolate } from './interpolate.js';
import type { ComposeModel, ComposeService } from './model.js';

/**
 * Reads Compose files (v2, v3 and the Compose Specification) into ContainerSpecs with the position
 * of every setting. What a file alone can tell is used: `extends` within the file or to another
 * file of the scan, YAML anchors and `<<` merges, `${VAR:-default}` defaults, named volumes that
 * are really binds (`driver_opts: {o: bind, device: /etc}`). What it cannot tell (`.env` values,
 * the image's own USER or HEALTHCHECK) is treated as unknown, never guessed.
 */

/** Parsed files of one scan, by normalised path, so `extends: {file: ...}` can find its target. */
export class ComposeProject {
  private readonly files = new Map<string, YamlFile>();

  constructor(inputs: ReadonlyArray<{ path: string; text: string }>) {
    for (const f of inputs) this.files.set(posix.normalize(f.path), new YamlFile(f.text));
  }

  file(path: string): YamlFile | undefined {
    return this.files.get(posix.normalize(path));
  }
}

export function parseCompose(project: ComposeProject, path: string): ComposeModel {
  const file = project.file(path)!;
  const model: ComposeModel = { path, services: [], problems: [...file.problems], yamlError: file.problems.length > 0 };
  if (file.problems.length > 0) return model;
  const root = file.map(file.doc.contents);
  if (!root) {
    model.problems.push({ line: file.pos(file.doc.contents as Node | null).line, message: 'the file is not a YAML mapping, so it is not a Compose file' });
    return model;
  }
  const services = file.get(root, 'services');
  if (!services) return model;
  if (!isMap(services.value)) {
    if (services.value !== undefined && !(isScalar(services.value) && services.value.value === null)) {
      model.problems.push({ ...file.pos(services.pair), message: '`services` must be a mapping of service names to their configuration' });
    }
    return model;
  }
  const ctx = new BuildContext(project, path);
  for (const e of file.entries(services.value)) {
    const origin = file.pos(e.pair);
    if (!isMap(e.value)) {
      if (!(isScalar(e.value) && e.value.value === null) && e.value !== undefined) model.problems.push({ ...origin, message: `service "${e.key}" must be a mapping` });
      continue;
    }
    const spec = ctx.service(path, e.key, [], origin);
    if (!spec) continue;
    const end = e.value.range?.[2];
    const endLine = end === undefined ? origin.line : file.lc.linePos(Math.max(0, end - 1)).line;
    const profiles = file.seq(file.get(e.value, 'profiles')?.value).map((n) => scalarText(n)).filter((s): s is string => s !== undefined);
    const svc: ComposeService = { name: e.key, spec, profiles, line: origin.line, endLine };
    if (profiles.length > 0) spec.label = `service "${e.key}" (profiles: ${profiles.join(', ')})`;
    model.services.push(svc);
  }
  if (file.exhausted) model.problems.push({ line: 1, message: 'the file follows too many YAML aliases (an alias bomb?); it was only partly checked' });
  ctx.problems.forEach((p) => model.problems.push(p));
  return model;
}

const MAX_EXTENDS_DEPTH = 10;

class BuildContext {
  readonly problems: Problem[] = [];

  constructor(
    private readonly project: ComposeProject,
    private readonly scanned: string,
  ) {}

  /** The effective spec of a service: its `extends` chain first, then its own settings on top. */
  service(path: string, name: string, chain: string[], declared: Origin): ContainerSpec | undefined {
    const file = this.project.file(path);
    const node = file && file.get(file.get(file.doc.contents, 'services')?.value, name)?.value;
    if (!file || !isMap(node)) return undefined;
    const key = `${path}#${name}`;
    const own = readService(file, node, name, declared, path === this.scanned ? undefined : path);
    const ext = file.get(node, 'extends');
    if (!ext) return own;
    let baseName: string | undefined;
    let basePath = path;
    const extMap = file.map(ext.value);
    if (extMap) {
      baseName = file.str(file.get(extMap, 'service')?.value);
      const f = file.str(file.get(extMap, 'file')?.value);
      if (f !== undefined) basePath = posix.join(posix.dirname(path), f);
    } else {
      baseName = file.str(ext.value);
    }
    const extOrigin = file.pos(ext.pair);
    if (baseName === undefined || chain.includes(key) || chain.length >= MAX_EXTENDS_DEPTH) {
      if (path === this.scanned && chain.includes(key)) this.problems.push({ ...extOrigin, message: `service "${name}" extends itself (directly or through other services)` });
      own.incomplete = true;
      return own;
    }
    const base = this.service(basePath, baseName, [...chain, key], extOrigin);
    if (!base) {
      // The base is in a file outside the scan (or missing): its settings are unknown.
      own.incomplete = true;
      return own;
    }
    return overlay(base, own);
  }
}

/** `own` on top of `base`, the way Compose merges an extended service. */
function overlay(base: ContainerSpec, own: ContainerSpec): ContainerSpec {
  const byValue = <T extends { value: string | null }>(a: T[], b: T[]) => [...a.filter((x) => !b.some((y) => y.value === x.value)), ...b];
  return {
    ...own,
    image: own.image ?? base.image,
    built: own.built || base.built,
    user: own.user ?? base.user,
    privileged: own.privileged ?? base.privileged,
    capAdd: byValue(base.capAdd, own.capAdd),
    capDrop: byValue(base.capDrop, own.capDrop),
    securityOpt: byValue(base.securityOpt, own.securityOpt),
    networkMode: own.networkMode ?? base.networkMode,
    pidMode: own.pidMode ?? base.pidMode,
    ipcMode: own.ipcMode ?? base.ipcMode,
    // Volumes are merged by their container path, the environment by name; the extending service wins.
    mounts: [...base.mounts.filter((m) => !own.mounts.some((o) => o.target === m.target)), ...own.mounts],
    readOnlyRootfs: own.readOnlyRootfs ?? base.readOnlyRootfs,
    env: [...base.env.filter((v) => !own.env.some((o) => o.name === v.name)), ...own.env],
    ports: [...base.ports, ...own.ports],
    memoryLimit: own.memoryLimit ?? base.memoryLimit,
    healthcheck: own.healthcheck ?? base.healthcheck,
    incomplete: own.incomplete || base.incomplete,
  };
}

/** A service's own settings. `otherPath` is set when the service is read from another file than the scanned one. */
function readService(file: YamlFile, node: Node, name: string, declared: Origin, otherPath?: string): ContainerSpec {
  const pos = (n: Parameters<YamlFile['pos']>[0]): Origin => (otherPath === undefined ? file.pos(n) : { ...file.pos(n), path: otherPath });
  const spec = emptySpec('compose', name, `service "${name}"`, declared);
  const str = (n: unknown): { text: string; unresolved: boolean; interpolated: boolean } | undefined => {
    const s = file.str(n);
    if (s === undefined) return undefined;
    const r = interpolate(s);
    return { text: r.value, unresolved: r.unresolved, interpolated: r.interpolated };
  };
  const strAt = (n: Node | undefined, origin: Origin): At<string> | undefined => {
    const s = str(n);
    return s === undefined ? undefined : at(s.unresolved ? null : s.text, origin);
  };
  const boolAt = (n: Node | undefined, origin: Origin): At<boolean> => {
    const s = str(n);
    if (s === undefined || s.unresolved) return at<boolean>(null, origin);
    const v = s.text.trim().toLowerCase();
    return at(v === 'true' || v === 'yes' || v === 'on' ? true : v === 'false' || v === 'no' || v === 'off' ? false : null, origin);
  };

  for (const e of file.entries(node)) {
    const origin = pos(e.pair);
    const v = e.value;
    switch (e.key) {
      case 'image': {
        const s = str(v);
        if (s !== undefined) spec.image = at({ text: s.text, raw: file.str(v)!, unresolved: s.unresolved }, pos(v));
        break;
      }
      case 'build':
        spec.built = true;
        break;
      case 'user':
        spec.user = strAt(v, pos(v));
        break;
      case 'privileged':
        spec.privileged = boolAt(v, pos(v));
        break;
      case 'read_only':
        spec.readOnlyRootfs = boolAt(v, pos(v));
        break;
      case 'cap_add':
      case 'cap_drop':
      case 'security_opt': {
        const list = file.seq(v).map((item) => strAt(item, pos(item))).filter((x): x is At<string> => x !== undefined);
        if (e.key === 'cap_add') spec.capAdd = list;
        else if (e.key === 'cap_drop') spec.capDrop = list;
        else spec.securityOpt = list;
        break;
      }
      case 'network_mode':
        spec.networkMode = strAt(v, pos(v));
        break;
      case 'pid':
        spec.pidMode = strAt(v, pos(v));
        break;
      case 'ipc':
        spec.ipcMode = strAt(v, pos(v));
        break;
      case 'environment':
        spec.env = readEnvironment(file, v, pos);
        break;
      case 'volumes':
        spec.mounts = file.seq(v).map((item) => readVolume(file, item, pos(item))).filter((m): m is Mount => m !== undefined);
        break;
      case 'ports':
        spec.ports = file.seq(v).map((item) => readPort(file, item, pos(item))).filter((p): p is PortMapping => p !== undefined);
        break;
      case 'mem_limit':
        spec.memoryLimit ??= strAt(v, pos(v));
        break;
      case 'deploy': {
        const limits = file.get(file.get(v, 'resources')?.value, 'limits');
        const mem = file.get(limits?.value, 'memory');
        if (mem) spec.memoryLimit = strAt(mem.value, pos(mem.value));
        break;
      }
      case 'healthcheck':
        spec.healthcheck = at(healthcheckDisabled(file, v) ? 'disabled' : 'enabled', origin);
        break;
      default:
        break;
    }
  }
  resolveNamedBinds(file, spec);
  return spec;
}

function healthcheckDisabled(file: YamlFile, node: Node | undefined): boolean {
  if (file.str(file.get(node, 'disable')?.value)?.toLowerCase() === 'true') return true;
  const test = file.get(node, 'test')?.value;
  const first = isSeq(test) ? file.str(file.seq(test)[0]) : file.str(test);
  return first?.trim().toUpperCase() === 'NONE';
}

function readEnvironment(file: YamlFile, node: Node | undefined, pos: (n: Parameters<YamlFile['pos']>[0]) => Origin): EnvVar[] {
  const out: EnvVar[] = [];
  if (isMap(node)) {
    for (const e of file.entries(node)) {
      const raw = file.str(e.value);
      out.push({ name: e.key, value: raw, reference: raw !== undefined && interpolate(raw).interpolated, origin: pos(e.pair) });
    }
    return out;
  }
  for (const item of file.seq(node)) {
    const s = file.str(item);
    if (s === undefined) continue;
    const eq = s.indexOf('=');
    const name = eq < 0 ? s.trim() : s.slice(0, eq).trim();
    const value = eq < 0 ? undefined : s.slice(eq + 1);
    out.push({ name, value, reference: value !== undefined && interpolate(value).interpolated, origin: pos(item) });
  }
  return out;
}

function readVolume(file: YamlFile, node: Node, origin: Origin): Mount | undefined {
  if (isMap(node)) {
    const type = (file.str(file.get(node, 'type')?.value) ?? 'volume').toLowerCase();
    const source = interpolate(file.str(file.get(node, 'source')?.value) ?? '');
    const target = file.str(file.get(node, 'target')?.value) ?? '';
    const ro = file.str(file.get(node, 'read_only')?.value)?.toLowerCase() === 'true';
    return { source: source.value, target, type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other', readOnly: ro, origin, unresolved: source.unresolved };
  }
  const raw = file.str(node);
  if (raw === undefined) return undefined;
  const r = interpolate(raw);
  const parts = splitVolume(r.value);
  if (parts.length === 1) return { source: '', target: parts[0]!, type: 'volume', readOnly: false, origin, unresolved: r.unresolved };
  const [source, target = '', mode = ''] = parts;
  const bind = /^(?:\/|\.|~|[A-Za-z]:[\\/]|\$)/.test(source!);
  return { source: source!, target, type: bind ? 'bind' : 'volume', readOnly: mode.split(',').includes('ro'), origin, unresolved: r.unresolved };
}

/** `SRC:DST[:MODE]`, keeping a Windows drive letter (`C:\data:/data`) in the source. */
function splitVolume(s: string): string[] {
  const drive = /^[A-Za-z]:[\\/]/.test(s) ? s.slice(0, 2) : '';
  const parts = s.slice(drive.length).split(':');
  parts[0] = drive + parts[0];
  return parts;
}

/**
 * Named volumes declared as binds at the top level (`driver: local` with `o: bind` and a
 * `device`) mount that host path; the service only names the volume, so resolve it here. The
 * finding stays on the service's volume line, where the mount is requested.
 */
function resolveNamedBinds(file: YamlFile, spec: ContainerSpec): void {
  if (!spec.mounts.some((m) => m.type === 'volume' && m.source !== '')) return;
  const volumes = file.get(file.doc.contents, 'volumes')?.value;
  for (const m of spec.mounts) {
    if (m.type !== 'volume' || m.source === '') continue;
    const def = file.get(volumes, m.source)?.value;
    const opts = file.get(def, 'driver_opts')?.value;
    const o = file.str(file.get(opts, 'o')?.value) ?? '';
    const device = file.str(file.get(opts, 'device')?.value);
    if (device !== undefined && /(^|,)r?bind(,|$)/.test(o)) {
      m.type = 'bind';
      m.source = interpolate(device).value;
      m.unresolved ||= interpolate(device).unresolved;
    }
  }
}

function readPort(file: YamlFile, node: Node, origin: Origin): PortMapping | undefined {
  if (isMap(node)) {
    const target = file.str(file.get(node, 'target')?.value);
    if (target === undefined) return undefined;
    const published = file.str(file.get(node, 'published')?.value);
    const hostIp = file.str(file.get(node, 'host_ip')?.value);
    const all = [target, published, hostIp].map((x) => interpolate(x ?? ''));
    const raw = `${hostIp ? hostIp + ':' : ''}${published ?? ''}${published ? ':' : ''}${target}`;
    return { containerPort: all[0]!.value, hostPort: published === undefined ? undefined : all[1]!.value, hostIp: hostIp === undefined ? undefined : all[2]!.value, protocol: file.str(file.get(node, 'protocol')?.value), raw, origin, unresolved: all.some((a) => a.unresolved) };
  }
  const raw = file.str(node);
  if (raw === undefined) return undefined;
  const r = interpolate(raw);
  const p = parsePortSpec(r.value);
  return p ? { ...p, raw, origin, unresolved: r.unresolved } : undefined;
}

/**
 * Docker's short port syntax: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, with IPv6
 * addresses in brackets. Shared with the `docker run -p` parser.
 */
export function parsePortSpec(spec: string): Pick<PortMapping, 'hostIp' | 'hostPort' | 'containerPort' | 'protocol'> | undefined {
  let s = spec.trim();
  let protocol: string | undefined;
  const slash = s.lastIndexOf('/');
  if (slash > s.lastIndexOf(']')) {
    protocol = s.slice(slash + 1);
    s = s.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0 || s[close + 1] !== ':') return undefined;
    hostIp = s.slice(1, close);
    s = s.slice(close + 2);
  }
  const parts = s.split(':');
  if (hostIp === undefined && parts.length === 3) hostIp = parts.shift()!;
  if (parts.length > 2 || parts.some((p, i) => p === '' && i === parts.length - 1)) return undefined;
  const containerPort = parts.pop()!;
  const hostPort = parts.length === 1 && parts[0] !== '' ? parts[0] : undefined;
  return { hostIp: hostIp === '' ? undefined : hostIp, hostPort, containerPort, protocol };
}
