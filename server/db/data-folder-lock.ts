import { open, readFile, rm } from 'node:fs/promises';

// PGlite is one process's database: a second Horizon opening the same data folder would abort inside PGlite's WASM
// with no useful message, or worse, write over the first one's files. A lock file beside the folder, holding the
// owner's pid, turns that into a clear refusal. A lock left by a process that is gone (kill -9) is taken over.

export class DataFolderInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database folder ${dataDir} is in use by another Horizon (pid ${pid}). Stop that one, give this ` +
        'one its own DATABASE_DIR, or point both at one PostgreSQL server with DATABASE_URL (README, "Several replicas").',
    );
    this.name = 'DataFolderInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `${dataDir}.lock` for this process; resolves to its release. Throws DataFolderInUseError when held. */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir.replace(/\/+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner))
        throw new DataFolderInUseError(dataDir, owner);
      // Stale (its process is gone, or the file is empty): remove it and try once more.
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}
