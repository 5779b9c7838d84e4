/**
 * Housekeeping that keeps tables from growing without bound.
 */
import { lt } from "drizzle-orm";
import type { Database } from "./database.js";
import { processedUpdates } from "./schema.js";

/** Telegram redelivers within hours, not weeks; older update ids need not be remembered. */
const KEEP_UPDATES_MS = 14 * 24 * 60 * 60 * 1000;

/** Forgets update ids older than two weeks. */
export function pruneProcessedUpdates({ db }: Database, now: number): void {
  db.delete(processedUpdates)
    .where(lt(processedUpdates.at, now - KEEP_UPDATES_MS))
    .run();
}
