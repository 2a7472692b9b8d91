/**
 * A real podman API service for tests, touching nothing global: its own storage (`--root`,
 * `--runroot`, vfs driver, so no kernel mounts), libpod tmp dir, TMPDIR (podman's compat export
 * writes a temp file there) and no event log, all in one temp directory; killed by PID.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import * as path from 'node:path';

/** Why podman tests cannot run here, or false when they can. */
export function podmanSkipReason(): string | false {
  const r = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'podman is not installed (apt-get install -y podman); these tests read images from a real podman API service';
  return false;
}

export interface PodmanService {
  /** Absolute socket path. */
  socket: string;
  /** `unix://<socket>`. */
  url: string;
  /** Runs the podman CLI against the service's storage. */
  podman(args: string[]): string;
  /** `podman load -i file`. */
  load(archive: string): string;
  stop(): Promise<void>;
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath: socket, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts `podman system service` on `socket` (default `<dir>/podman.sock`) with storage under
 * `dir`, and waits until it answers /_ping.
 */
export async function startPodman(dir: string, socket = path.join(dir, 'podman.sock')): Promise<PodmanService> {
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  fs.mkdirSync(path.dirname(socket), { recursive: true });
  const global = [
    '--root',
    path.join(dir, 'root'),
    '--runroot',
    path.join(dir, 'runroot'),
    '--storage-driver',
    'vfs',
    '--tmpdir',
    path.join(dir, 'libpod-tmp'),
    '--events-backend',
    'none',
    '--cgroup-manager',
    'cgroupfs',
  ];
  const env = { ...process.env, TMPDIR: tmp };
  const child: ChildProcess = spawn('podman', [...global, 'system', 'service', '--time=0', `unix://${socket}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!(await ping(socket))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`podman system service did not start: ${stderr.trim() || `exit ${child.exitCode}`}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const podman = (args: string[]): string => execFileSync('podman', [...global, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    socket,
    url: `unix://${socket}`,
    podman,
    load: (archive) => podman(['load', '-i', archive]),
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
