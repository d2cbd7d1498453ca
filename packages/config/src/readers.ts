/**
 * How a variable's text becomes a value. Only the catalogue (variables.ts) calls these: a service
 * reads its configuration through the catalogue, never a variable of its own.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown at start-up when a variable is present but malformed. Code: CONFIG_INVALID. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(variable: string, expected: string, actual: string) {
    super(`${variable}: expected ${expected}, got ${JSON.stringify(actual)}`);
    this.name = 'ConfigError';
  }
}

/** The trimmed value, or undefined when unset or blank (blank counts as unset, as in most shells' `X= cmd`). */
export function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A value's parser: from the trimmed text of a set variable to the value, or a ConfigError. */
export type Parse<T> = (name: string, value: string) => T;

export const parseText: Parse<string> = (_name, value) => value;

/** An integer in [min, max]. */
export function parseInteger(min: number, max: number): Parse<number> {
  return (name, value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new ConfigError(name, `an integer from ${min} to ${max}`, value);
    }
    return parsed;
  };
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

/** A boolean: true/false, 1/0, yes/no, on/off. */
export const parseBoolean: Parse<boolean> = (name, value) => {
  const lower = value.toLowerCase();
  if (TRUE.includes(lower)) return true;
  if (FALSE.includes(lower)) return false;
  throw new ConfigError(name, 'true or false', value);
};

/** An absolute URL with one of `protocols` (`'https:'`, ...), validated with the WHATWG parser. */
export function parseUrl(protocols: readonly string[]): Parse<string> {
  return (name, value) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(name, `a URL (${protocols.join(', ')})`, value);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(name, `a URL with protocol ${protocols.join(' or ')}`, value);
    }
    return value;
  };
}

/** One of a fixed set of values. */
export function parseOneOf<T extends string>(values: readonly T[]): Parse<T> {
  return (name, value) => {
    if (!(values as readonly string[]).includes(value)) {
      throw new ConfigError(name, `one of ${values.join(', ')}`, value);
    }
    return value as T;
  };
}
