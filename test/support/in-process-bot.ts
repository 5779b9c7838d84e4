/**
 * Starts the whole bot in the test process, against an emulator and a fresh temp SQLite
 * file: the same wiring as `npm start`, without a child process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { createSaualnama, type Saualnama } from "../../src/compose.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import {
  type BotApiEmulator,
  type EmulatorOptions,
  startEmulator,
} from "../support/bot-api-emulator.js";

/** An emulator, a running bot, and the database file it writes. */
export interface TestRig {
  emu: BotApiEmulator;
  app: Saualnama;
  dbPath: string;
  dir: string;
  /** Opens the database file read-only, as a researcher would. */
  readDb(): Sqlite.Database;
  close(): Promise<void>;
}

/** Starts an emulator and the bot on it; `env` overrides configuration. */
export async function startRig(
  env: Record<string, string> = {},
  emulatorOptions: EmulatorOptions = {},
): Promise<TestRig> {
  const emu = await startEmulator(emulatorOptions);
  const dir = mkdtempSync(join(tmpdir(), "saualnama-"));
  const dbPath = join(dir, "test.db");
  const parsed = parseConfig({
    BOT_TOKEN: emu.token,
    BOT_API_ROOT: emu.apiRoot,
    DATABASE_PATH: dbPath,
    LOG_LEVEL: "silent",
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const app = await createSaualnama(parsed.config, createLogger("silent"));
  await app.start();
  await emu.waitForPolling();
  return {
    emu,
    app,
    dbPath,
    dir,
    readDb: () => new Sqlite(dbPath, { readonly: true }),
    async close() {
      await app.stop();
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
