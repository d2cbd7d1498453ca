import { connect } from 'node:net';
import { adminQuery, testPostgresUrl, testRedisUrl } from '@switchyard/testing';

/** Answers Redis's PING with a raw RESP exchange (the test harness needs no Redis client). */
function pingRedis(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Redis at ${url} did not answer within 3 s`));
    }, 3_000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Redis at ${url} is not reachable: ${error.message}`));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.end();
      if (data.toString().startsWith('+PONG')) resolve();
      else reject(new Error(`Redis at ${url} answered ${JSON.stringify(data.toString())}`));
    });
  });
}

/**
 * Configured test services must answer: with TEST_DATABASE_URL or TEST_REDIS_URL set (CI sets
 * both), an unreachable server fails the run here instead of the tests that need it being
 * skipped or failing one by one.
 */
export default async function setup(): Promise<void> {
  const postgres = testPostgresUrl();
  if (postgres) await adminQuery(postgres, 'SELECT 1');
  const redis = testRedisUrl();
  if (redis) await pingRedis(redis);
}
