import type { At, ContainerSpec, Origin } from '../../deploy/shared/container.js';
import { allowlistImage, registryAllowed } from '../../deploy/shared/registry-allowlist.js';
import type { Severity } from '../../findings/severity.js';
import type { RuleHit } from '../rule.js';
import { dangerousCap, normaliseCap } from './capabilities.js';
import { classifyHostPath } from './host-paths.js';
import { imageRefOf, isLatest } from './images.js';
import { internalServiceByImage, internalServiceByPort, publishedOnAllInterfaces } from './ports.js';
import { classifyEnvSecret, describeSecret } from './secrets.js';

/**
 * The checks that are the same for a Compose service, a Nomad docker/podman task and a `docker
 * run` command. Each platform's rule file owns the id, severity and documentation and calls one of
 * these with its containers; the messages name the setting the way that platform spells it.
 */

type Platform = ContainerSpec['platform'];

/** How each platform spells a setting, for messages. */
export const SYNTAX = {
  privileged: { compose: 'privileged: true', nomad: 'privileged = true', run: '--privileged' },
  user: { compose: 'user', nomad: 'user', run: '--user' },
  capAdd: { compose: 'cap_add', nomad: 'cap_add', run: '--cap-add' },
  capDropAll: { compose: 'cap_drop: [ALL]', nomad: 'cap_drop = ["ALL"]', run: '--cap-drop ALL' },
  securityOpt: { compose: 'security_opt', nomad: 'security_opt', run: '--security-opt' },
  noNewPrivileges: { compose: 'security_opt: ["no-new-privileges:true"]', nomad: 'security_opt = ["no-new-privileges"]', run: '--security-opt no-new-privileges' },
  network: { compose: 'network_mode: host', nomad: 'network_mode = "host"', run: '--network host' },
  pid: { compose: 'pid: host', nomad: 'pid_mode = "host"', run: '--pid host' },
  ipc: { compose: 'ipc: host', nomad: 'ipc_mode = "host"', run: '--ipc host' },
  readOnly: { compose: 'read_only: true', nomad: 'readonly_rootfs = true', run: '--read-only' },
  env: { compose: 'environment', nomad: 'env', run: '-e/--env' },
  memory: { compose: 'deploy.resources.limits.memory` or `mem_limit', nomad: 'resources { memory }', run: '--memory' },
  healthcheck: { compose: 'healthcheck', nomad: 'check', run: '--health-cmd' },
  image: { compose: 'image', nomad: 'image', run: 'image' },
} as const satisfies Record<string, Record<Platform, string>>;

export function say(key: keyof typeof SYNTAX, p: Platform): string {
  return `\`${SYNTAX[key][p]}\``;
}

/** A list or scalar setting with its value, spelled for the platform: `user: root`, `user = "root"`, `--user root`. */
export function written(p: Platform, key: 'user' | 'securityOpt', value: string): string {
  const name = SYNTAX[key][p];
  if (p === 'compose') return key === 'securityOpt' ? `\`${name}: [${value}]\`` : `\`${name}: ${value}\``;
  if (p === 'nomad') return key === 'securityOpt' ? `\`${name} = ["${value}"]\`` : `\`${name} = "${value}"\``;
  return `\`${name} ${value}\``;
}

/** `service "web"` → `Service "web"`. */
export function subject(spec: ContainerSpec): string {
  return spec.label.charAt(0).toUpperCase() + spec.label.slice(1);
}

/** For image messages: a command's label already names the image (`docker run` of alpine), so drop it there. */
function imageSubject(spec: ContainerSpec): string {
  return spec.platform === 'run' ? spec.label.replace(/ of .*$/, '') : subject(spec);
}

export function hitAt(o: Origin, spec: ContainerSpec, message: string, extra: { severity?: Severity; details?: Record<string, unknown> } = {}): RuleHit {
  const hit: RuleHit = { line: o.line, message, details: { container: spec.name, ...extra.details } };
  if (o.column !== undefined) hit.column = o.column;
  if (o.path !== undefined) hit.path = o.path;
  if (extra.severity) hit.severity = extra.severity;
  return hit;
}

/** True for `root`, `0`, `0:0`, `root:root`, `0:1000`... (the user part decides). */
export function isRootUser(user: string): boolean {
  const u = user.trim().split(':')[0]!.trim().toLowerCase();
  return u === 'root' || u === '0';
}

export function rootUserHits(spec: ContainerSpec, reportMissing: boolean): RuleHit[] {
  const p = spec.platform;
  if (spec.user) {
    if (spec.user.value === null || !isRootUser(spec.user.value)) return [];
    return [hitAt(spec.user, spec, `${subject(spec)} runs as root (${written(p, 'user', spec.user.value)}): a compromise of the process is root in the container, one kernel or runtime bug away from the host.`, { details: { user: spec.user.value } })];
  }
  if (!reportMissing || spec.built || spec.incomplete) return [];
  return [hitAt(spec.origin, spec, `${subject(spec)} sets no ${say('user', p)}, so it runs as whatever user the image declares — root unless the image sets USER. Set it explicitly to a non-root UID.`, { severity: 'LOW', details: { user: null } })];
}

export function privilegedHits(spec: ContainerSpec): RuleHit[] {
  if (spec.privileged?.value !== true) return [];
  return [hitAt(spec.privileged, spec, `${subject(spec)} runs privileged (${say('privileged', spec.platform)}): every capability, all host devices, no seccomp or AppArmor confinement. A compromise of the container is a compromise of the host.`)];
}

export function capAddHits(spec: ContainerSpec): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const cap of spec.capAdd) {
    if (cap.value === null) continue;
    const d = dangerousCap(cap.value);
    if (!d) continue;
    const name = normaliseCap(cap.value);
    hits.push(hitAt(cap, spec, `${subject(spec)} adds the ${name} capability (${say('capAdd', spec.platform)}): ${d.why}.`, { severity: d.severity, details: { capability: name } }));
  }
  return hits;
}

export function capDropMissingHits(spec: ContainerSpec): RuleHit[] {
  if (spec.privileged?.value === true || spec.incomplete) return [];
  if (spec.capDrop.some((c) => c.value === null || normaliseCap(c.value) === 'ALL')) return [];
  const where: Origin = spec.capDrop[0] ?? spec.origin;
  return [hitAt(where, spec, `${subject(spec)} keeps the runtime's default capabilities (NET_RAW, CHOWN, SETUID, DAC_OVERRIDE...); drop them all with ${say('capDropAll', spec.platform)} and add back only what it needs.`)];
}

/** `seccomp:unconfined` and `seccomp=unconfined` are the same option to Docker and Podman. */
function optParts(opt: string): [string, string | undefined] {
  const m = /^\s*([A-Za-z-]+)\s*[:=]\s*(.*)$/.exec(opt);
  return m ? [m[1]!.toLowerCase(), m[2]!.trim()] : [opt.trim().toLowerCase(), undefined];
}

export function seccompHits(spec: ContainerSpec): RuleHit[] {
  return spec.securityOpt.flatMap((o) => {
    if (o.value === null) return [];
    const [k, v] = optParts(o.value);
    if (k !== 'seccomp' || v?.toLowerCase() !== 'unconfined') return [];
    return [hitAt(o, spec, `${subject(spec)} disables seccomp (${written(spec.platform, 'securityOpt', o.value)}): every system call reaches the host kernel, including the ones most kernel exploits need.`)];
  });
}

export function confinementHits(spec: ContainerSpec): RuleHit[] {
  return spec.securityOpt.flatMap((o) => {
    if (o.value === null) return [];
    const [k, v] = optParts(o.value);
    const val = v?.toLowerCase();
    let what: string | undefined;
    if (k === 'apparmor' && val === 'unconfined') what = 'runs without an AppArmor profile';
    else if (k === 'label' && val === 'disable') what = 'disables SELinux labelling (the container process is not confined by SELinux)';
    else if (k === 'systempaths' && val === 'unconfined') what = 'unmasks the kernel paths Docker hides under /proc and /sys';
    else if (k === 'unmask' && val !== undefined && val !== '') what = `unmasks kernel paths under /proc and /sys (${v})`;
    if (!what) return [];
    return [hitAt(o, spec, `${subject(spec)} ${what} (${written(spec.platform, 'securityOpt', o.value)}).`, { details: { option: o.value } })];
  });
}

export function noNewPrivilegesHits(spec: ContainerSpec): RuleHit[] {
  if (spec.privileged?.value === true) return [];
  let set: At<string> | undefined;
  for (const o of spec.securityOpt) {
    if (o.value === null) return [];
    const [k, v] = optParts(o.value);
    if (k === 'no-new-privileges') set = { ...o, value: v === undefined || v === '' ? 'true' : v.toLowerCase() };
  }
  if (set?.value === 'true') return [];
  if (set) return [hitAt(set, spec, `${subject(spec)} explicitly allows setuid binaries to gain privileges (no-new-privileges is ${set.value}).`)];
  if (spec.incomplete) return [];
  return [hitAt(spec.origin, spec, `${subject(spec)} does not set no-new-privileges: a setuid binary in the image (su, sudo, ping...) can still raise a process's privileges. Add ${say('noNewPrivileges', spec.platform)}.`)];
}

const NAMESPACE = {
  network: { field: 'networkMode', what: "the host's network stack: services bound to the host's localhost, every interface and port", key: 'network' },
  pid: { field: 'pidMode', what: 'the host process table: it can see, and with enough privileges signal or trace, every process on the host', key: 'pid' },
  ipc: { field: 'ipcMode', what: "the host's IPC namespace: shared memory and semaphores of host processes", key: 'ipc' },
} as const;

export function hostNamespaceHits(spec: ContainerSpec, ns: keyof typeof NAMESPACE): RuleHit[] {
  const d = NAMESPACE[ns];
  const v = spec[d.field];
  if (!v || v.value === null || v.value.trim().toLowerCase() !== 'host') return [];
  return [hitAt(v, spec, `${subject(spec)} shares ${d.what} (${say(d.key, spec.platform)}).`)];
}

export function socketMountHits(spec: ContainerSpec): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const m of spec.mounts) {
    if (m.type !== 'bind' || m.unresolved) continue;
    const c = classifyHostPath(m.source);
    if (c?.kind !== 'socket') continue;
    hits.push(hitAt(m.origin, spec, `${subject(spec)} mounts the container runtime socket ${c.path}${m.readOnly ? ' (read-only does not help: the API is still fully usable)' : ''}: anything in the container can start a privileged container with the host's / mounted, i.e. it is root on the host.`, { details: { source: c.path, target: m.target } }));
  }
  return hits;
}

export function sensitiveMountHits(spec: ContainerSpec): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const m of spec.mounts) {
    if (m.type !== 'bind' || m.unresolved) continue;
    const c = classifyHostPath(m.source);
    if (c?.kind !== 'sensitive') continue;
    const what = c.path === '/' ? "the host's root file system" : c.path === c.dir ? `the host's ${c.dir}` : `${c.path} (under the host's ${c.dir})`;
    hits.push(hitAt(m.origin, spec, m.readOnly
      ? `${subject(spec)} mounts ${what} read-only at ${m.target}: what the host keeps there (configuration, keys, logs, other containers' files) is readable from the container.`
      : `${subject(spec)} mounts ${what} writable at ${m.target}: writing there (cron, systemd units, sudoers, binaries, kernel settings) takes over the host.`, { severity: m.readOnly ? 'MEDIUM' : 'HIGH', details: { source: c.path, target: m.target, readOnly: m.readOnly } }));
  }
  return hits;
}

export function readOnlyHits(spec: ContainerSpec): RuleHit[] {
  const ro = spec.readOnlyRootfs;
  if (ro && (ro.value === null || ro.value === true)) return [];
  if (!ro && spec.incomplete) return [];
  const where = ro ?? spec.origin;
  return [hitAt(where, spec, `${subject(spec)} has a writable root file system; with ${say('readOnly', spec.platform)} (and tmpfs or volumes for the paths it writes) an attacker cannot drop tools or modify the application in place.`)];
}

export function envSecretHits(spec: ContainerSpec): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const e of spec.env) {
    const s = classifyEnvSecret(e.name, e.value, e.reference);
    if (!s) continue;
    hits.push(hitAt(e.origin, spec, `${subject(spec)}: environment variable ${e.name} ${describeSecret(s)}. It is stored in the file, in version control, and visible to anyone who can inspect the container.`, { severity: s.severity, details: { name: e.name, reason: s.reason, redacted: s.redacted } }));
  }
  return hits;
}

export function imageLatestHits(spec: ContainerSpec): RuleHit[] {
  const img = spec.image;
  if (!img?.value || spec.built) return [];
  const ref = imageRefOf(img.value);
  if (!ref) return [];
  const l = isLatest(ref);
  if (!l) return [];
  const text = img.value.text;
  const why = l === 'latest' ? `uses ${text}` : `uses ${text} without a tag, which means :latest`;
  return [hitAt(img, spec, `${imageSubject(spec)} ${why}: every pull can bring a different image (a new major version, a broken release), and what is running cannot be told from the file.`, { details: { image: text } })];
}

export function imageDigestHits(spec: ContainerSpec): RuleHit[] {
  const img = spec.image;
  if (!img?.value || spec.built) return [];
  const ref = imageRefOf(img.value);
  if (!ref || ref.digest !== undefined || isLatest(ref)) return [];
  return [hitAt(img, spec, `${imageSubject(spec)} uses ${img.value.text}, a tag that can be moved to a different image; pin it by digest (${img.value.text}@sha256:…) to run exactly what was tested.`, { details: { image: img.value.text } })];
}

export function registryHits(spec: ContainerSpec, allowed: readonly string[]): RuleHit[] {
  const img = spec.image;
  if (allowed.length === 0 || !img?.value || spec.built) return [];
  const ref = imageRefOf(img.value);
  const image = ref && allowlistImage(ref.expanded);
  if (!image || registryAllowed(image, allowed)) return [];
  return [hitAt(img, spec, `${imageSubject(spec)} pulls ${img.value.text} from ${image.registry}, which is not in the registry allow-list (${allowed.join(', ')}).`, { details: { image: img.value.text, registry: image.registry } })];
}

export function internalPortHits(spec: ContainerSpec): RuleHit[] {
  const byImage = internalServiceByImage(spec);
  const hits: RuleHit[] = [];
  for (const p of spec.ports) {
    if (!publishedOnAllInterfaces(p)) continue;
    const service = byImage ?? internalServiceByPort(p.containerPort);
    if (!service) continue;
    const host = p.hostPort === undefined ? 'a random host port' : `host port ${p.hostPort}`;
    hits.push(hitAt(p.origin, spec, `${subject(spec)} looks like ${service} and publishes container port ${p.containerPort} on ${host} on every interface (${p.raw}): it is reachable from the network, and Docker's published ports bypass host firewalls such as ufw. Bind it to 127.0.0.1 or leave it unpublished for other containers to reach over the internal network.`, { details: { port: p.raw, service } }));
  }
  return hits;
}

export function healthcheckHits(spec: ContainerSpec): RuleHit[] {
  const h = spec.healthcheck;
  if (h?.value === 'disabled') return [hitAt(h, spec, `${subject(spec)} disables its health check: the orchestrator cannot tell a hung process from a healthy one.`)];
  if (h || spec.built || spec.incomplete) return [];
  return [hitAt(spec.origin, spec, `${subject(spec)} declares no ${say('healthcheck', spec.platform)}; unless the image defines HEALTHCHECK, a hung process counts as running and dependants start against it.`)];
}

export function memoryLimitHits(spec: ContainerSpec): RuleHit[] {
  if (spec.memoryLimit || spec.incomplete) return [];
  return [hitAt(spec.origin, spec, `${subject(spec)} has no memory limit (${say('memory', spec.platform)}): a leak or a flood of requests can exhaust the host's memory and take the other containers down with it.`)];
}
