// Installs the benchmark's peer gateways (bench/peers, with its own lockfile) when they are
// missing or older than the lockfile: `npm run bench:gateway` runs this first, as CI would
// before running a target that needs them.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// npm writes node_modules/.package-lock.json last, after an install has finished.
const installed = join(here, 'node_modules', '.package-lock.json');
const lockfile = join(here, 'package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  console.error('Installing the benchmark peers (Hive Gateway) into bench/peers/node_modules ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', here, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
