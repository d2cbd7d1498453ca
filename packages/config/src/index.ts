/**
 * Environment parsing shared by every service. Each service declares its own config
 * (`subgraphs/x/src/config.ts`) with these readers, so every variable is parsed and validated
 * once, at start-up, with its default written next to it.
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

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A string variable, or `fallback` when unset or empty. */
export function str(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

/** A string variable that may stay unset. */
export function optionalStr(env: Env, name: string): string | undefined {
  return raw(env, name);
}

/** An integer in [min, max], or `fallback` when unset. */
export function int(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, value);
  }
  return parsed;
}

/** A TCP port (0 asks the OS for a free one). */
export function port(env: Env, name: string, fallback: number): number {
  return int(env, name, fallback, 0, 65535);
}

/** A boolean: true/false/1/0/yes/no. */
export function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, 'true or false', value);
}

/** An absolute http(s) or postgres URL, validated with the WHATWG parser. */
export function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
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
}

/** One of a fixed set of values. */
export function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new ConfigError(name, `one of ${values.join(', ')}`, value);
  }
  return value as T;
}

/** The conventional ports of the stack; ARCHITECTURE.md is the source. */
export const DEFAULT_PORTS = {
  gateway: 4000,
  users: 4001,
  products: 4002,
  inventory: 4003,
  orders: 4004,
  reviews: 4005,
} as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;
export type SubgraphName = Exclude<ServiceName, 'gateway'>;
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['users', 'products', 'inventory', 'orders', 'reviews'];
