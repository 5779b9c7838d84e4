/**
 * Moves WAL checkpoints off the main thread. SQLite normally checkpoints inside whichever
 * commit fills the log past 1,000 pages, so about one tap in a hundred also waits for an
 * fsync of the database file; a worker thread with its own connection does it instead.
 */
import { Worker } from "node:worker_threads";
import type Sqlite from "better-sqlite3";

/** How often the worker checkpoints: the log holds about this long of writes. */
const CHECKPOINT_EVERY_MS = 1_000;
/**
 * The main connection still checkpoints if the log grows past this many pages (about 40 MB),
 * so a worker that died or fell behind cannot let it grow without bound.
 */
const FALLBACK_PAGES = 10_000;
/** SQLite's own threshold, restored if the worker fails. */
const SQLITE_DEFAULT_PAGES = 1_000;

/** Starts checkpointing `path` in the background; the returned function stops it. */
export function checkpointInBackground(sqlite: Sqlite.Database, path: string): () => void {
  const worker = new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), {
    workerData: { path, everyMs: CHECKPOINT_EVERY_MS },
  });
  // Checkpoints only tidy up: they must not keep a stopping process alive.
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  worker.on("error", () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  });
  return () => worker.postMessage("stop");
}
