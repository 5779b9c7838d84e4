/**
 * Guarantee 8, the folder side: the daily backup writes consistent dated copies, keeps the
 * newest BACKUP_KEEP, touches no other file, runs at 03:00 Almaty time, and is audited.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { deleteBackups } from "../../src/privacy/backup.js";
import { scheduleDailyBackup } from "../../src/privacy/daily-backup.js";
import { type Database, openDatabase } from "../../src/storage/database.js";

let dir: string;
let database: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "saualnama-daily-"));
  database = openDatabase(join(dir, "live.db"));
  database.sqlite
    .prepare(
      "INSERT INTO respondents (id, survey_id, survey_version, stage, started_at, last_activity_at) " +
        "VALUES ('R1', 's', 1, 'answering', 0, 0)",
    )
    .run();
});
afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;

describe("the daily backup", () => {
  it("keeps the newest copies, each a consistent database, and no other file is touched", async () => {
    const folder = join(dir, "backups");
    let now = Date.UTC(2026, 0, 1, 22);
    const daily = scheduleDailyBackup(
      database,
      { folder, keep: 3, pattern: "0 3 * * *" },
      createLogger("silent"),
      () => now,
    );
    writeFileSync(join(folder, "notes.txt"), "not a backup");
    try {
      for (let day = 0; day < 5; day += 1) {
        await daily.runNow();
        now += DAY;
      }
    } finally {
      daily.stop();
    }
    const names = readdirSync(folder).sort();
    expect(names).toEqual([
      "notes.txt",
      "saualnama-2026-01-03T22-00-00-000Z.db",
      "saualnama-2026-01-04T22-00-00-000Z.db",
      "saualnama-2026-01-05T22-00-00-000Z.db",
    ]);
    for (const name of names.filter((n) => n.endsWith(".db"))) {
      const copy = new Sqlite(join(folder, name), { readonly: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(copy.prepare("SELECT COUNT(*) AS n FROM respondents").get()).toEqual({ n: 1 });
      copy.close();
    }
    const audited = database.sqlite
      .prepare("SELECT actor, action FROM audit_log ORDER BY id")
      .all();
    expect(audited).toHaveLength(5);
    expect(audited[0]).toEqual({ actor: "schedule", action: "backup.daily" });

    expect(await deleteBackups(folder)).toBe(3);
    expect(readdirSync(folder)).toEqual(["notes.txt"]);
  });

  it("runs at 03:00 in Almaty", () => {
    const folder = join(dir, "backups");
    const daily = scheduleDailyBackup(
      database,
      { folder, keep: 7, pattern: "0 3 * * *" },
      createLogger("silent"),
    );
    try {
      const next = daily.nextRun();
      expect(next?.getUTCHours()).toBe(22);
      expect(next?.getUTCMinutes()).toBe(0);
    } finally {
      daily.stop();
    }
    expect(daily.nextRun()).toBeNull();
  });

  it("is configured by BACKUP_DIR, BACKUP_KEEP and BACKUP_CRON, and off by default", () => {
    const base = { BOT_TOKEN: "1:abc" };
    const off = parseConfig(base);
    expect(off.ok && off.config.BACKUP_DIR).toBeUndefined();
    const on = parseConfig({ ...base, BACKUP_DIR: "/srv/backups", BACKUP_KEEP: "14" });
    expect(on.ok && [on.config.BACKUP_DIR, on.config.BACKUP_KEEP, on.config.BACKUP_CRON]).toEqual([
      "/srv/backups",
      14,
      "0 3 * * *",
    ]);
    const bad = parseConfig({ ...base, BACKUP_KEEP: "0", BACKUP_CRON: "at three" });
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(":")[0])).toEqual([
      "BACKUP_KEEP",
      "BACKUP_CRON",
    ]);
  });
});
