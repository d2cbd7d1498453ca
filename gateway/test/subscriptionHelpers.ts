import type { SigningKey } from '@switchyard/auth';
import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';

/** Polls `check` until it holds (or fails after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A bearer token as the users service issues it (EdDSA, iss/aud "test"). */
export async function userToken(
  key: SigningKey,
  id: number,
  role: 'CUSTOMER' | 'ADMIN' = 'CUSTOMER',
  expiresIn = '5m',
) {
  return new SignJWT({ role, scope: role === 'ADMIN' ? 'users:read:any' : '' })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject(String(id))
    .setIssuer('test')
    .setAudience('test')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}

export interface TestClient {
  client: Client;
  /** Close codes this client's sockets saw. */
  closes: number[];
}

/** A real graphql-ws client over `ws` that never retries, so close codes reach the test. */
export function connect(httpUrl: string, authorization?: string): TestClient {
  const closes: number[] = [];
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(authorization ? { connectionParams: { authorization } } : {}),
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  return { client, closes };
}

export interface Collected {
  results: FormattedExecutionResult[];
  /** Set when the operation ended with an error message or a socket close. */
  error: unknown;
  completed: boolean;
  /** Resolves when the operation ends, however it ends. */
  ended: Promise<void>;
  stop(): void;
}

/** Subscribes and records everything the server sends for this operation. */
export function collect(client: Client, query: string, variables: Record<string, unknown> = {}): Collected {
  let end: () => void = () => {};
  const collected: Collected = {
    results: [],
    error: undefined,
    completed: false,
    ended: new Promise<void>((resolve) => {
      end = resolve;
    }),
    stop: () => {},
  };
  collected.stop = client.subscribe(
    { query, variables },
    {
      next: (result) => collected.results.push(result),
      error: (error) => {
        collected.error = error;
        end();
      },
      complete: () => {
        collected.completed = true;
        end();
      },
    },
  );
  return collected;
}
