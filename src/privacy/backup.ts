/**
 * Backups of the database: a consistent copy made with SQLite's online backup API while the
 * bot keeps writing, and a folder of dated copies that keeps only the newest few. A backup
 * holds personal data (contacts, answers) and is destroyed with it at the end of the study.
 */
import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import type { Database } from "../storage/database.js";

const BACKUP_FILE = /^saualnama-\d{4}-\d{2}-\d{2}T[\d-]+Z\.db$/;

/**
 * Copies the live database to `path` page by page; the copy is one consistent state, and a
 * single self-contained file (no write-ahead log beside it) that opens anywhere.
 */
export async function writeSnapshot({ sqlite }: Database, path: string): Promise<void> {
  // Written under another name first, so a copy cut short is never taken for a backup.
  const partial = `${path}.part`;
  await sqlite.backup(partial);
  const copy = new Sqlite(partial);
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  await rename(partial, path);
}

/** The file name of a backup made at `now`; names sort in time order. */
export function backupName(now: number): string {
  return `saualnama-${new Date(now).toISOString().replace(/[:.]/g, "-")}.db`;
}

/** The backups in `folder`, oldest first; other files there are never touched. */
export async function listBackups(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => []);
  return names.filter((name) => BACKUP_FILE.test(name)).sort();
}

/** Writes a dated backup into `folder`, then removes all but the newest `keep`. */
export async function backupToFolder(
  database: Database,
  folder: string,
  keep: number,
  now: number,
): Promise<{ path: string; removed: string[] }> {
  const path = join(folder, backupName(now));
  await writeSnapshot(database, path);
  const all = await listBackups(folder);
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const name of removed) await removeBackup(folder, name);
  return { path, removed };
}

/** Deletes every backup in `folder`: at the end of the study they hold purged data. */
export async function deleteBackups(folder: string): Promise<number> {
  const all = await listBackups(folder);
  for (const name of all) await removeBackup(folder, name);
  return all.length;
}

async function removeBackup(folder: string, name: string): Promise<void> {
  // A copy someone opened in place may have grown a log beside it.
  for (const file of [name, `${name}-wal`, `${name}-shm`]) {
    await rm(join(folder, file), { force: true });
  }
}
