/**
 * Command-line option parsing for rules, so "is `-y` given?" is answered the way the program itself
 * would: combined short flags (`-qy`), short options with attached or separate values (`-oFoo`,
 * `-o Foo`), `--long=value`, `--long value`, and `--` ending the options.
 *
 * Each rule describes only which options of a program take a value; that is what decides whether
 * the next word is an operand (a package name) or the value of an option (`-t bookworm`).
 */

export interface ArgSpec {
  /** Short option letters that take a value (`-o value` or `-ovalue`). */
  shortValue?: string;
  /** Long option names (without `--`) that take a value (`--output value` or `--output=value`). */
  longValue?: readonly string[];
  /**
   * Stop at the first operand, as POSIX utilities and wrappers do (`sudo -E apt-get -y` must not
   * read `-y` as sudo's). Default: GNU-style, options may follow operands (`apt-get install x -y`).
   */
  stopAtOperand?: boolean;
}

export interface ParsedOption {
  /** `-y` for a short option, `--yes` for a long one. */
  name: string;
  value?: string;
  /** Index in the parsed array of the word that starts the option. */
  index: number;
  /** Index of the word holding the value when it is the next word (`-o value`). */
  valueIndex?: number;
}

export interface Operand {
  value: string;
  index: number;
}

export interface ParsedArgs {
  options: ParsedOption[];
  operands: Operand[];
  /** Index of the first word after the options when `stopAtOperand` is set (args.length if none). */
  rest: number;
}

/** Parses `args` from index `start`. */
export function parseArgs(args: readonly string[], spec: ArgSpec = {}, start = 0): ParsedArgs {
  const shortValue = spec.shortValue ?? '';
  const longValue = new Set(spec.longValue ?? []);
  const options: ParsedOption[] = [];
  const operands: Operand[] = [];
  let i = start;
  let rest = args.length;
  for (; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') {
      for (let j = i + 1; j < args.length; j++) operands.push({ value: args[j]!, index: j });
      rest = i + 1;
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      if (eq >= 0) options.push({ name, value: word.slice(eq + 1), index: i });
      else if (longValue.has(name.slice(2)) && i + 1 < args.length) {
        options.push({ name, value: args[i + 1], index: i, valueIndex: i + 1 });
        i++;
      } else options.push({ name, index: i });
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      // `-q=2` (apt) is an option with a value, not the letters q, =, 2.
      const eqForm = /^-([A-Za-z0-9])=(.*)$/s.exec(word);
      if (eqForm) {
        options.push({ name: `-${eqForm[1]}`, value: eqForm[2], index: i });
        continue;
      }
      let consumedNext = false;
      for (let k = 1; k < word.length; k++) {
        const letter = word[k]!;
        if (shortValue.includes(letter)) {
          const attached = word.slice(k + 1);
          if (attached !== '') options.push({ name: `-${letter}`, value: attached, index: i });
          else if (i + 1 < args.length) {
            options.push({ name: `-${letter}`, value: args[i + 1], index: i, valueIndex: i + 1 });
            consumedNext = true;
          } else options.push({ name: `-${letter}`, index: i });
          break;
        }
        options.push({ name: `-${letter}`, index: i });
      }
      if (consumedNext) i++;
      continue;
    }
    operands.push({ value: word, index: i });
    if (spec.stopAtOperand) {
      rest = i;
      for (let j = i + 1; j < args.length; j++) operands.push({ value: args[j]!, index: j });
      break;
    }
  }
  return { options, operands, rest };
}

/** True when any of `names` (`-y`, `--yes`) was given. */
export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.includes(o.name));
}

/** How many times a flag was given (`-qq` counts `-q` twice). */
export function countOption(parsed: ParsedArgs, name: string): number {
  return parsed.options.filter((o) => o.name === name).length;
}

/** The values given to any of `names`, in order. */
export function optionValues(parsed: ParsedArgs, ...names: string[]): string[] {
  return parsed.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);
}
