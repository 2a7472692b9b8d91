/** What the layer walk knows about one file in the image. */
export interface FileInfo {
  /** Absolute-free, clean path inside the image, `/`-separated, no leading `/` (`usr/bin/curl`). */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  /** Permission and special bits (setuid 0o4000, setgid 0o2000, sticky 0o1000) plus 0o777. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** For symlinks and hardlinks: the target as recorded. */
  linkTarget?: string;
  mtime?: Date;
}

/** Where a file (or a package found in it) comes from. */
export interface LayerRef {
  index: number;
  diffID: string;
  /** The history step that created the layer. */
  createdBy?: string;
}
