import { writeOutputAtomically } from '../report/index.js';
import { InputError } from '../errors.js';

/** Where the report goes: stdout, or a file written atomically with `--output`. */
export async function emit(content: string, outputFile: string | undefined): Promise<void> {
  if (outputFile) {
    try {
      await writeOutputAtomically(outputFile, content);
    } catch (e) {
      throw new InputError(`cannot write ${outputFile}: ${(e as Error).message}`, 'check that the directory exists and is writable');
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(content, (err) => (err ? reject(err) : resolve()));
  });
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(outputFile: string | undefined): boolean {
  if (outputFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
