// Flag parsing for the CLI on top of node:util's parseArgs, with the checks the commands share:
// every problem becomes one CliError line, never a stack trace.
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export function parse(argv: string[], options: Options, command: string): Values {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length) {
      throw new CliError(`${command}: unexpected argument "${positionals[0]}" (see --help)`, 2);
    }
    return values as Values;
  } catch (e) {
    if (e instanceof CliError) throw e;
    // parseArgs messages are clear but long; keep the first sentence.
    const msg = (e as Error).message.split('. ')[0].replace(/^Unknown option/, 'unknown option');
    throw new CliError(`${command}: ${msg} (see --help)`, 2);
  }
}

export function requireString(v: Values, key: string, command: string): string {
  const s = v[key];
  if (typeof s !== 'string' || !s) throw new CliError(`${command}: --${key} is required`, 2);
  return s;
}

export function requireFile(v: Values, key: string, command: string): string {
  const path = requireString(v, key, command);
  if (!existsSync(path)) throw new CliError(`${command}: --${key} ${path}: no such file`);
  return path;
}

export function optionalFile(v: Values, key: string, command: string): string | undefined {
  return v[key] === undefined ? undefined : requireFile(v, key, command);
}

export function number(
  v: Values,
  key: string,
  fallback: number,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = v[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const { min = -Infinity, max = Infinity, integer = false } = opts;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const kind = integer ? 'a whole number' : 'a number';
    const range = Number.isFinite(min) || Number.isFinite(max) ? ` in [${min}, ${max}]` : '';
    throw new CliError(`--${key} must be ${kind}${range}, got "${String(raw)}"`, 2);
  }
  return n;
}

export function choice<T extends string>(
  v: Values,
  key: string,
  options: readonly T[],
  fallback: T,
): T {
  const raw = v[key];
  if (raw === undefined) return fallback;
  if (!options.includes(raw as T)) {
    throw new CliError(`--${key} must be one of ${options.join(', ')}, got "${String(raw)}"`, 2);
  }
  return raw as T;
}
