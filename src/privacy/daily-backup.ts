/**
 * The daily backup to a folder, when BACKUP_DIR is set: a schedule (croner, in the study's
 * time zone) that writes a dated copy and keeps the newest BACKUP_KEEP.
 */
import { mkdirSync } from "node:fs";
import { Cron } from "croner";
import type { Logger } from "../logger.js";
import { STUDY_TIME_ZONE } from "../reminders/quiet-hours.js";
import { recordAudit } from "../storage/audit.js";
import type { Database } from "../storage/database.js";
import { backupToFolder } from "./backup.js";

/** Where and how often to back up. */
export interface DailyBackupSettings {
  folder: string;
  keep: number;
  /** A cron pattern, e.g. "0 3 * * *" for 03:00 every day. */
  pattern: string;
}

/** A running schedule. */
export interface DailyBackup {
  /** Makes a backup now, as the schedule would. */
  runNow(): Promise<void>;
  /** When the schedule runs next; null once stopped. */
  nextRun(): Date | null;
  stop(): void;
}

/** Starts the schedule; a failed backup is logged and the next one is tried as planned. */
export function scheduleDailyBackup(
  database: Database,
  settings: DailyBackupSettings,
  logger: Logger,
  clock: () => number = Date.now,
): DailyBackup {
  mkdirSync(settings.folder, { recursive: true });
  const runNow = async () => {
    try {
      const { removed } = await backupToFolder(database, settings.folder, settings.keep, clock());
      recordAudit(database, {
        actor: "schedule",
        action: "backup.daily",
        detail: { kept: settings.keep, removed: removed.length },
      });
      logger.info({ removed: removed.length }, "daily backup written");
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        "daily backup failed",
      );
    }
  };
  // protect: a backup still running when the next is due is not started twice.
  const job = new Cron(settings.pattern, { timezone: STUDY_TIME_ZONE, protect: true }, runNow);
  return { runNow, nextRun: () => job.nextRun(), stop: () => job.stop() };
}
