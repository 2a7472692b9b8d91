/**
 * Progress on stderr for long work (walking a big context, reading files). Only when stderr is a
 * terminal and the user did not ask for quiet or a machine format; never on stdout.
 */
export interface Progress {
  update(message: string): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return SILENT;
  let last = 0;
  let shown = false;
  return {
    update(message: string) {
      const now = Date.now();
      if (now - last < 100) return; // ~10 redraws a second is plenty and keeps the walk fast
      last = now;
      shown = true;
      const width = (stream.columns || 80) - 1; // 0 on some pseudo-terminals
      stream.write('\r\x1b[2K' + message.slice(0, width));
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
