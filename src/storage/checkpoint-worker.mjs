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

// PASSIVE never waits for the bot's connection: it copies what it can and tries again later.
const timer = setInterval(() => database.pragma("wal_checkpoint(PASSIVE)"), workerData.everyMs);

parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  database.close();
  parentPort?.close();
});
