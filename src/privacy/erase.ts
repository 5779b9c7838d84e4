/**
 * Deleting personal data so that it is gone from the file, not only from the tables: SQLite
 * leaves deleted rows readable in free pages and in the write-ahead log until they are reused.
 */
import { and, eq } from "drizzle-orm";
import type { Address } from "../app/ports.js";
import type { Database } from "../storage/database.js";
import { contacts, respondents } from "../storage/schema.js";

/**
 * Runs `work` with secure_delete on (deleted content is overwritten with zeros), then rebuilds
 * the file (VACUUM: older copies of the rows, left in free pages by earlier writes, go too),
 * moves the log into the file and truncates it, so no copy of a deleted row stays in either.
 * The rebuild takes time in proportion to the file (milliseconds per megabyte) and holds the
 * bot meanwhile; deletions are rare.
 */
export function scrubbing<T>({ sqlite }: Database, work: () => T): T {
  const before = sqlite.pragma("secure_delete", { simple: true });
  sqlite.pragma("secure_delete = ON");
  try {
    const result = work();
    sqlite.exec("VACUUM");
    return result;
  } finally {
    sqlite.pragma(`secure_delete = ${before ? "ON" : "OFF"}`);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  }
}

/**
 * Deletes the respondent reached at `address`. Their contact, answers and reminder records go
 * with them (every table that references respondents does so ON DELETE CASCADE). Returns the
 * number of respondents deleted: 0 or 1.
 */
export function eraseRespondent(database: Database, address: Address): number {
  const { db } = database;
  const found = db
    .select({ id: contacts.respondentId })
    .from(contacts)
    .where(and(eq(contacts.channel, address.channel), eq(contacts.address, address.id)))
    .get();
  if (!found) return 0;
  return scrubbing(
    database,
    () => db.delete(respondents).where(eq(respondents.id, found.id)).run().changes,
  );
}
