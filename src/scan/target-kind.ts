import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDockerfileName } from './discover.js';

const ARCHIVE_NAME = /\.(tar|tar\.gz|tgz|tar\.zst|tar\.zstd)$/i;
const IMAGE_TRANSPORTS = ['docker-archive:', 'oci:', 'oci-archive:', 'rootfs:', 'docker-daemon:', 'podman:', 'docker://'];

/**
 * Decides whether `scan PATH` means an image: a transport prefix, an OCI layout directory, a tar
 * (or gzip/zstd) archive, or a name that is not a local path but looks like an image reference
 * (`myapp:dev`, `ghcr.io/org/app`), which the engine source resolves.
 */
export function looksLikeImage(target: string): boolean {
  if (target === '-') return false;
  if (IMAGE_TRANSPORTS.some((t) => target.startsWith(t))) return true;
  if (existsSync(target)) {
    const st = statSync(target);
    if (st.isDirectory()) return existsSync(join(target, 'oci-layout'));
    if (!st.isFile() || isDockerfileName(basename(target))) return false;
    // Named like an archive: an image even when the bytes say otherwise, so a truncated or
    // corrupt download gets the image reader's error, not a scan as a Dockerfile.
    return ARCHIVE_NAME.test(target) || sniffArchive(target);
  }
  // Not a path: an image reference has a tag, digest or registry/repository form and no spaces.
  return /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(target) && (target.includes(':') || target.includes('/'));
}

function sniffArchive(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, 512, 0);
    if (n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return true; // gzip
    if (n >= 4 && buf.readUInt32LE(0) === 0xfd2fb528) return true; // zstd
    return n >= 262 && buf.subarray(257, 262).toString('latin1') === 'ustar';
  } finally {
    closeSync(fd);
  }
}
