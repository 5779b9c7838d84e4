/**
 * The whole bot in the test process, like test/support/in-process-bot.ts, but with its log
 * captured line by line (the logger `npm start` uses, at debug level), so tests can read what
 * a deployment would write to its log.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import Sqlite from "better-sqlite3";
import { createSaualnama, type Saualnama } from "../../src/compose.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import {
  type BotApiEmulator,
  type EmulatorOptions,
  startEmulator,
} from "../support/bot-api-emulator.js";

/** An emulator, the running bot, its database file and its log. */
export interface LoggedRig {
  emu: BotApiEmulator;
  app: Saualnama;
  dbPath: string;
  dir: string;
  /** Every log line so far, as written (JSON). */
  log: string[];
  readDb(): Sqlite.Database;
  close(): Promise<void>;
}

/** Starts an emulator and the bot with a captured log; `env` overrides configuration. */
export async function startLoggedRig(
  env: Record<string, string> = {},
  emulatorOptions: EmulatorOptions = {},
): Promise<LoggedRig> {
  const emu = await startEmulator(emulatorOptions);
  const dir = mkdtempSync(join(tmpdir(), "saualnama-privacy-"));
  const dbPath = join(dir, "test.db");
  const parsed = parseConfig({
    BOT_TOKEN: emu.token,
    BOT_API_ROOT: emu.apiRoot,
    DATABASE_PATH: dbPath,
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const log: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      log.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger("debug", parsed.config.BOT_TOKEN, sink);
  const app = await createSaualnama(parsed.config, logger);
  await app.start();
  await emu.waitForPolling();
  let closed = false;
  return {
    emu,
    app,
    dbPath,
    dir,
    log,
    readDb: () => new Sqlite(dbPath, { readonly: true }),
    async close() {
      if (closed) return;
      closed = true;
      await app.stop();
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
