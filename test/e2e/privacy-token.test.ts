/**
 * Guarantee 5, the token: when the Bot API cannot be reached (a wrong BOT_API_ROOT at start,
 * or Telegram gone while the bot runs) the bot says so in its log, and neither the log nor
 * anything else it prints holds the token, although the HTTP client's errors name the URL
 * that contains it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../support/bot-api-emulator.js";
import { startBotProcess } from "../support/bot-process.js";

const TOKEN = "424242:TokenThatMustNeverBeLogged";
const SECRET = TOKEN.split(":")[1] ?? "";
const dir = mkdtempSync(join(tmpdir(), "saualnama-token-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 1;
}

describe("the bot token", () => {
  it("is not printed when the Bot API cannot be reached at start", async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: `http://127.0.0.1:${await closedPort()}`,
        DATABASE_PATH: join(dir, "start.db"),
        LOG_LEVEL: "trace",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("cannot reach the Bot API");
    expect(output).not.toContain(SECRET);
  });

  it("is redacted from the log when Telegram goes away while the bot runs", async () => {
    const emu = await startEmulator({ token: TOKEN });
    const bot = await startBotProcess({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: emu.apiRoot,
      DATABASE_PATH: join(dir, "running.db"),
      LOG_LEVEL: "trace",
    });
    try {
      await emu.stop();
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!bot.output().includes("could not fetch updates")) return;
          bot.child.stdout?.off("data", check);
          resolve();
        };
        bot.child.stdout?.on("data", check);
        check();
      });
    } finally {
      await bot.stop("SIGTERM");
    }
    // The client's error named the request URL; the logger wrote it without the token.
    expect(bot.output()).toContain("bot[redacted]/getUpdates");
    expect(bot.output()).not.toContain(SECRET);
  });
});
