import { spawn } from 'node:child_process';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@switchyard/service';

/** The child's entry beside this file: `.js` in dist/, `.ts` under tsx (`npm run dev`). */
const CHILD_ENTRY = fileURLToPath(
  new URL(`./prepareInChildEntry${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/** Suffix of the folder a first start prepares before renaming it into place. */
export const PREPARING_SUFFIX = '.preparing';

/** True when `dataDir` holds no database yet (missing or empty): the first start. */
export async function isNewDataDir(dataDir: string): Promise<boolean> {
  try {
    return (await readdir(dataDir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * On a first start on embedded PGlite, creates, migrates and seeds `dataDir` in a short-lived
 * child process and returns true; returns false at once when the folder holds a database already.
 *
 * Why a child: PGlite's WebAssembly memory only grows, so creating and seeding the database in the
 * serving process would keep ~500 MiB that it never uses again (a first start idled at ~930 MiB
 * against ~415 MiB for the next start; bench/start/memory.ts). The child returns its memory to
 * the system when it exits, and this process then opens the folder as any later start does.
 *
 * The child works in `<dataDir>.preparing`, renamed to `dataDir` once it has exited cleanly: a first
 * start interrupted half way leaves no half-seeded folder, and the next start begins again.
 */
export async function prepareDataDirInChild(
  dataDir: string,
  options: { seed: boolean; logger?: Logger },
): Promise<boolean> {
  if (!(await isNewDataDir(dataDir))) return false;
  const preparing = `${dataDir}${PREPARING_SUFFIX}`;
  await rm(preparing, { recursive: true, force: true });
  await mkdir(dirname(dataDir), { recursive: true });
  options.logger?.info({ dataDir }, 'first start: creating and seeding the database in a child process');
  await runChild([preparing, options.seed ? 'seed' : 'no-seed']);
  // Renaming onto an empty folder is not portable (Windows refuses): remove it first.
  await rmdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(preparing, dataDir);
  return true;
}

/** Runs the child entry with `args`; resolves when it exits with 0. */
function runChild(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // execArgv carries tsx's loader under `npm run dev`. The IPC channel lets the child notice
    // that this process has gone (it then stops rather than seeding for nobody).
    const child = spawn(process.execPath, [...process.execArgv, CHILD_ENTRY, ...args], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`stack: preparing the database in a child process failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
