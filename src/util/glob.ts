/**
 * A small path glob for user-written filters (`.leftshiftignore` paths, `exclude-paths`):
 * `*` and `?` stay within one path segment, `**` spans segments, `[...]` is a class.
 * Docker's own matching (.dockerignore, COPY sources) lives in src/dockerfile with its exact rules.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += '[' + cls.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '(?:/.*)?$');
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob.replace(/^\.\//, '')).test(path.replace(/^\.\//, ''));
}
