import { posix } from 'node:path';

/**
 * Host paths that give a container control of the host when mounted. The container-runtime
 * sockets are their own, worse, category: whoever can talk to them can start a privileged
 * container with the host's root directory mounted.
 */
const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/docker',
  '/run/docker',
  '/run/podman/podman.sock',
  '/var/run/podman/podman.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
];

/**
 * Directories whose contents (or whose write access) amount to host root: system configuration
 * (users, sudoers, cron, systemd units), kernel interfaces, devices, boot files, root's home and
 * the container runtime's own state. Mounting any path *below* them counts too, except a few
 * harmless, commonly mounted read-only files listed in ALLOWED_BELOW.
 */
const SENSITIVE_DIRS = ['/', '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/var/lib/docker', '/var/lib/containerd', '/var/lib/kubelet', '/usr', '/lib', '/lib64', '/bin', '/sbin', '/var/log', '/var/run', '/run'];

/** Paths below sensitive directories that are routinely (and harmlessly, when read-only) mounted. */
const ALLOWED_BELOW = new Set(['/etc/localtime', '/etc/timezone', '/etc/hostname', '/etc/ssl/certs', '/etc/ca-certificates', '/etc/pki/ca-trust', '/usr/share/zoneinfo', '/etc/machine-id', '/dev/null', '/dev/shm', '/run/secrets', '/var/run/secrets']);

export type HostPathClass = { kind: 'socket'; path: string } | { kind: 'sensitive'; path: string; dir: string } | undefined;

/** Normalises a host path (`//etc/./`, trailing slashes); undefined for relative or `~` paths. */
export function normaliseHostPath(source: string): string | undefined {
  const s = source.trim();
  if (!s.startsWith('/')) return undefined;
  const n = posix.normalize(s);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** Classifies a bind-mount source. Relative paths, `~` and named volumes are not host system paths. */
export function classifyHostPath(source: string): HostPathClass {
  const path = normaliseHostPath(source);
  if (path === undefined) return undefined;
  if (RUNTIME_SOCKETS.includes(path) || /\/(?:docker|podman|containerd|crio)\.sock$/.test(path)) return { kind: 'socket', path };
  if (ALLOWED_BELOW.has(path) || [...ALLOWED_BELOW].some((a) => path.startsWith(a + '/'))) return undefined;
  // The deepest sensitive directory that contains the path names it best (`/var/lib/docker`, not `/`).
  let best: string | undefined;
  for (const dir of SENSITIVE_DIRS) {
    const inside = dir === '/' ? path === '/' : path === dir || path.startsWith(dir + '/');
    if (inside && (best === undefined || dir.length > best.length)) best = dir;
  }
  return best === undefined ? undefined : { kind: 'sensitive', path, dir: best };
}

/** The directories the sensitive-path rules list in their documentation. */
export const SENSITIVE_DIR_LIST = SENSITIVE_DIRS.map((d) => `\`${d}\``).join(', ');
export const SOCKET_LIST = RUNTIME_SOCKETS.filter((s) => s.endsWith('.sock')).map((d) => `\`${d}\``).join(', ');
