/**
 * A second connection to the bot's database for /stats. It reads the file through a memory
 * map: a report at 100,000 responses seeks into hundreds of thousands of pages, and copying
 * each through SQLite's page cache took most of its time. It never writes (query_only).
 *
 * The bot's own connection and the exports keep ordinary reads: mapped pages count in the
 * process's resident memory, and an export reads the whole file.
 */
import Sqlite from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Database } from "./database.js";
import * as schema from "./schema.js";

/** The most of the file mapped; SQLite reads past it as usual. */
const MAPPED_BYTES = 1 << 30;

/**
 * Opens the reports connection to the database `main` has open at `path`. An in-memory
 * database cannot be opened twice, so there `main` itself is returned.
 */
export function openReportsConnection(main: Database, path: string): Database {
  if (path === ":memory:") return main;
  const sqlite = new Sqlite(path, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("query_only = ON");
  sqlite.pragma(`mmap_size = ${MAPPED_BYTES}`);
  return { db: drizzle(sqlite, { schema }), sqlite, close: () => sqlite.close() };
}
