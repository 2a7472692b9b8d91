import type { Severity } from '../../findings/severity.js';

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are the same capability to Docker and Podman. */
export function normaliseCap(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, '');
}

/**
 * Capabilities that break isolation when added, with why. HIGH: each is a known route to the host
 * (mount and namespace control, kernel modules, raw memory and I/O, reading any file by handle,
 * tracing other processes, loading eBPF). MEDIUM: powerful but narrower (the network stack, the
 * clock, reboot, security modules, audit).
 */
const DANGEROUS: Record<string, { severity: Severity; why: string }> = {
  ALL: { severity: 'HIGH', why: 'every capability, close to a privileged container' },
  SYS_ADMIN: { severity: 'HIGH', why: 'mount, namespace and many other administrative operations; the usual first step of a container escape' },
  SYS_MODULE: { severity: 'HIGH', why: 'loading kernel modules, i.e. running code in the host kernel' },
  SYS_RAWIO: { severity: 'HIGH', why: 'raw I/O port and memory access' },
  SYS_PTRACE: { severity: 'HIGH', why: 'tracing and injecting code into other processes' },
  DAC_READ_SEARCH: { severity: 'HIGH', why: 'opening any file by handle, which has been used to read host files from a container' },
  BPF: { severity: 'HIGH', why: 'loading eBPF programs into the kernel' },
  NET_ADMIN: { severity: 'MEDIUM', why: 'reconfiguring interfaces, routes and firewall rules' },
  SYS_TIME: { severity: 'MEDIUM', why: 'setting the host clock' },
  SYS_BOOT: { severity: 'MEDIUM', why: 'rebooting the host' },
  MAC_ADMIN: { severity: 'MEDIUM', why: 'changing the mandatory access control (AppArmor/SELinux) configuration' },
  MAC_OVERRIDE: { severity: 'MEDIUM', why: 'overriding mandatory access control' },
  PERFMON: { severity: 'MEDIUM', why: 'kernel performance monitoring, which exposes host activity' },
  SYSLOG: { severity: 'MEDIUM', why: 'reading the kernel log, which leaks kernel addresses' },
  AUDIT_CONTROL: { severity: 'MEDIUM', why: 'changing the kernel audit configuration' },
  LINUX_IMMUTABLE: { severity: 'MEDIUM', why: 'changing immutable and append-only file flags' },
};

export function dangerousCap(cap: string): { severity: Severity; why: string } | undefined {
  return DANGEROUS[normaliseCap(cap)];
}

export const DANGEROUS_CAP_LIST = Object.entries(DANGEROUS).map(([k, v]) => `\`${k}\` (${v.severity})`).join(', ');
