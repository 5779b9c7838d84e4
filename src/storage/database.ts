/**
 * Opens the SQLite file, sets it up for a bot that writes on every tap (WAL, a busy timeout,
 * foreign keys) and applies the migrations drizzle-kit generated.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { checkpointInBackground } from "./background-checkpoints.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

/** An open database: the drizzle handle for queries, the raw one for pragmas and backups. */
export interface Database {
  db: Db;
  sqlite: Sqlite.Database;
  close(): void;
}

const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

/** How a database is opened. */
export interface OpenOptions {
  /**
   * Checkpoint from a worker thread instead of inside commits: for the bot, whose every tap
   * commits; one-off tools and tests leave it off and skip starting a thread.
   */
  backgroundCheckpoints?: boolean;
}

/** Opens (creating if needed) the database at `path` and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Sqlite(path);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL is durable across process crashes in WAL mode; only a power cut can lose the
  // last commits, and a killed bot process is the failure this project guards against.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");

  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  const stopCheckpoints =
    options.backgroundCheckpoints && path !== ":memory:"
      ? checkpointInBackground(sqlite, path)
      : undefined;
  return {
    db,
    sqlite,
    close() {
      stopCheckpoints?.();
      sqlite.close();
    },
  };
}
