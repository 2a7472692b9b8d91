import type { Severity } from '../findings/severity.js';

/**
 * Remote-administration services that should never be reachable in an application container, with
 * the severity of exposing them. Shared by the Dockerfile EXPOSE rule and the image config rule.
 */
export const ADMIN_PORTS: ReadonlyMap<number, { service: string; severity: Severity }> = new Map([
  [22, { service: 'SSH', severity: 'MEDIUM' }],
  [23, { service: 'Telnet', severity: 'MEDIUM' }],
  // 2375 is the Docker API without TLS or authentication: whoever reaches it owns the host.
  [2375, { service: 'the unauthenticated Docker API', severity: 'HIGH' }],
  [2376, { service: 'the Docker API (TLS)', severity: 'MEDIUM' }],
  [3389, { service: 'RDP', severity: 'MEDIUM' }],
  [5900, { service: 'VNC', severity: 'MEDIUM' }],
  [5985, { service: 'WinRM (HTTP)', severity: 'MEDIUM' }],
  [5986, { service: 'WinRM (HTTPS)', severity: 'MEDIUM' }],
]);
