/**
 * Offsets to line/column, built on first use: most scanned texts have no match, and for them the
 * index is never built.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    let at = this.text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = this.text.indexOf('\n', at + 1);
    }
    this.starts = starts;
    return starts;
  }

  /** 0-based index of the line holding `offset` (binary search). */
  lineIndexOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column of `offset`. CRLF files count `\r` as part of the line ending. */
  position(offset: number): { line: number; column: number } {
    const index = this.lineIndexOf(offset);
    return { line: index + 1, column: offset - this.lineStarts()[index] + 1 };
  }

  /** Offset of the first character of the 0-based line `index`. */
  lineStart(index: number): number {
    return this.lineStarts()[index];
  }

  /** Text of the 0-based line `index` without its line ending. */
  lineText(index: number): string {
    const starts = this.lineStarts();
    const start = starts[index];
    let end = index + 1 < starts.length ? starts[index + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}
