/**
 * Runs in a worker thread with its own connection to the bot's database and copies the
 * write-ahead log into the database file now and then. The copy ends with an fsync that can
 * take milliseconds; done here, it never holds up the thread that answers teachers.
 *
 * Plain JavaScript because a worker is started by Node itself, outside the TypeScript loader
 * the bot and its tests run under.
 */
import { parentPort, workerData } from "node:worker_threads";
import Sqlite from "better-sqlite3";

// Any failure (the database moved or closed before this thread started) ends the thread;
// the bot's connection then checkpoints by itself again.
const database = new Sqlite(workerData.path, { fileMustExist: true });
database.pragma("busy_timeout = 5000");

/** Failures in a row after which this thread gives the job back to the bot's connection. */
const GIVE_UP_AFTER = 5;
let failures = 0;

// PASSIVE never waits for the bot's connection: it copies what it can and tries again later.
// A failure (the file busy with a VACUUM, say) is retried at the next tick; only a lasting
// one ends the thread, which the bot's connection notices.
const timer = setInterval(() => {
  try {
    database.pragma("wal_checkpoint(PASSIVE)");
    failures = 0;
  } catch (error) {
    failures += 1;
    if (failures >= GIVE_UP_AFTER) throw error;
  }
}, workerData.everyMs);

parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  database.close();
  parentPort?.close();
});
