import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('npm start (the compiled stack in one process)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('on a new data folder: seeds it, starts every service, prints where they are, and stops cleanly on Ctrl-C', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-start-'));
    dirs.push(dir);
    const ports = Object.fromEntries(
      ['GATEWAY', 'USERS', 'PRODUCTS', 'INVENTORY', 'ORDERS', 'REVIEWS'].map((name) => [`${name}_PORT`, '0']),
    );
    // `npm test` builds first, so dist/ is current.
    const child = spawn(process.execPath, ['stack/dist/main.js'], {
      cwd: root,
      env: { ...process.env, ...ports, DATA_DIR: join(dir, 'pglite'), KEYS_DIR: join(dir, 'keys'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => output, { timeout: 90_000, interval: 200 }).toContain('Switchyard is up');
    const gateway = /GraphQL gateway \+ playground\s+(http:\/\/\S+)/.exec(output)?.[1];
    expect(gateway).toBeDefined();
    const response = await fetch(gateway as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ product(id: "1") { name inventory { total } rating { count } } }' }),
    });
    expect((await response.json()) as unknown).toMatchObject({ data: { product: { name: expect.any(String) } } });
    // Ctrl-C in a terminal reaches the process twice under npm (terminal and npm); both at once here.
    child.kill('SIGINT');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/timed out|second signal/);
    // The child process prepared the folder under a temporary name and renamed it into place
    // (prepareInChild.ts); product 1 above came from its seed.
    expect(await readdir(join(dir, 'pglite'))).toContain('PG_VERSION');
    expect(await readdir(dir)).not.toContain('pglite.preparing');
  });
});
