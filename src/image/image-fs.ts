/**
 * The final filesystem of an image: layers applied bottom-up with the OCI changeset rules
 * (image-spec layer.md):
 * - whiteouts (`.wh.NAME`, `.wh..wh..opq`) apply to lower layers only, so a layer's deletions are
 *   applied before its own entries, whatever their order in the tar;
 * - an entry over an existing path replaces it; when either is not a directory the old path is
 *   removed first, which removes a replaced directory's whole subtree;
 * - directories over directories merge.
 * Parent directories a layer omits are added as `implicit` entries so that every path's parents
 * exist (real tars include them; crafted ones may not).
 */
import type { FileInfo, LayerRef } from './fs-types.js';

export interface FsEntry {
  info: FileInfo;
  layer: LayerRef;
  /** A parent directory no layer recorded, synthesised so the tree is complete. */
  implicit?: true;
}

export type ImageFilesystem = Map<string, FsEntry>;

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Builds the final filesystem; keeps a child index so subtree removal does not scan every path. */
export class FilesystemBuilder {
  readonly entries: ImageFilesystem = new Map();
  private readonly children = new Map<string, Set<string>>();

  private link(path: string): void {
    const parent = parentOf(path);
    let set = this.children.get(parent);
    if (!set) this.children.set(parent, (set = new Set()));
    set.add(path);
  }

  private unlink(path: string): void {
    this.children.get(parentOf(path))?.delete(path);
  }

  /** Removes everything below `path` (and `path` itself when `includeSelf`). */
  removeTree(path: string, includeSelf: boolean): void {
    const stack = [...(this.children.get(path) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop()!;
      const kids = this.children.get(p);
      if (kids) stack.push(...kids);
      this.children.delete(p);
      this.entries.delete(p);
    }
    this.children.delete(path);
    if (includeSelf && path !== '') {
      this.entries.delete(path);
      this.unlink(path);
    } else {
      this.children.set(path, new Set());
    }
  }

  /**
   * Applies one layer: its opaque dirs and whiteouts (against lower layers), then its files.
   * Returns warnings about entries placed below a symlink.
   */
  applyLayer(layer: LayerRef, data: { files: readonly FileInfo[]; whiteouts: readonly string[]; opaqueDirs: readonly string[] }): string[] {
    for (const dir of data.opaqueDirs) this.removeTree(dir, false);
    for (const path of data.whiteouts) this.removeTree(path, true);
    const warnings: string[] = [];
    for (const info of data.files) {
      const link = this.add(info, layer);
      if (link !== undefined) {
        warnings.push(`layer ${layer.index}: '${info.path}' lies below the symlink '${link}'; extracting the layer would write through the link`);
      }
    }
    return warnings;
  }

  /** Adds an entry; returns the path of a symlink among its parents, if any. */
  add(info: FileInfo, layer: LayerRef): string | undefined {
    const existing = this.entries.get(info.path);
    if (existing && (existing.info.type !== 'dir' || info.type !== 'dir')) this.removeTree(info.path, true);
    const link = this.ensureParents(info.path, layer);
    this.entries.set(info.path, { info, layer });
    this.link(info.path);
    return link;
  }

  private ensureParents(path: string, layer: LayerRef): string | undefined {
    const missing: string[] = [];
    let symlink: string | undefined;
    for (let p = parentOf(path); p !== ''; p = parentOf(p)) {
      const entry = this.entries.get(p);
      if (entry?.info.type === 'dir') break;
      // A symlinked parent is left alone and reported: a runtime would write through it (a
      // classic escape attempt); real layers name the link's target path instead.
      if (entry?.info.type === 'symlink') {
        symlink = p;
        break;
      }
      // Any other non-directory where a directory must be is replaced by one.
      if (entry) this.removeTree(p, true);
      missing.push(p);
    }
    for (const p of missing.reverse()) {
      this.entries.set(p, { info: { path: p, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 }, layer, implicit: true });
      this.link(p);
    }
    return symlink;
  }
}

/** Linux's limit on symlinks followed while resolving one path (MAXSYMLINKS). */
export const MAX_SYMLINK_HOPS = 40;

export interface ResolveOptions {
  /** Resolve a symlink in the last component too (stat-like, the default) or not (lstat-like). */
  followFinal?: boolean;
}

/**
 * Resolves `path` inside the image root, following symlinks in every component. Absolute and
 * relative targets are taken against the image root; `..` stops at the root. Returns the clean
 * resolved path (`''` is the root), or undefined when a component is missing, a non-directory
 * has components after it, or more than 40 symlinks are followed (a loop).
 */
export function resolvePath(fs: ReadonlyMap<string, FsEntry>, path: string, options: ResolveOptions = {}): string | undefined {
  const followFinal = options.followFinal ?? true;
  const resolved: string[] = [];
  let pending = path.split('/');
  let hops = 0;
  while (pending.length > 0) {
    const component = pending.shift()!;
    if (component === '' || component === '.') continue;
    if (component === '..') {
      resolved.pop();
      continue;
    }
    const candidate = resolved.length > 0 ? `${resolved.join('/')}/${component}` : component;
    const entry = fs.get(candidate);
    if (entry === undefined) return undefined;
    const isLast = pending.every((c) => c === '' || c === '.');
    if (entry.info.type === 'symlink' && (!isLast || followFinal)) {
      if (++hops > MAX_SYMLINK_HOPS) return undefined;
      const target = entry.info.linkTarget ?? '';
      if (target === '') return undefined;
      if (target.startsWith('/')) resolved.length = 0;
      pending = [...target.split('/'), ...pending];
      continue;
    }
    if (!isLast && entry.info.type !== 'dir') return undefined;
    resolved.push(component);
  }
  return resolved.join('/');
}
