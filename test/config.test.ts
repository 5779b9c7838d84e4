import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";

const TOKEN = "123456:AAE-token_part";

const problemsOf = (env: Record<string, string>) => {
  const parsed = parseConfig(env);
  return parsed.ok ? [] : parsed.problems;
};

describe("the bot's settings", () => {
  it("take a token as copied, with spaces or a line break around it", () => {
    const parsed = parseConfig({ BOT_TOKEN: `  ${TOKEN}\n` });
    expect(parsed.ok && parsed.config.BOT_TOKEN).toBe(TOKEN);
  });

  it("refuse what is not a token, saying what one looks like", () => {
    expect(problemsOf({ BOT_TOKEN: "abc" })).toEqual([
      "BOT_TOKEN: does not look like a bot token (digits, a colon, then letters, digits, _ or -)",
    ]);
    expect(problemsOf({})[0]).toMatch(/^BOT_TOKEN: is required: create a bot with @BotFather/);
  });

  it("take a Bot API address with a trailing slash, which grammY would refuse", () => {
    for (const root of ["http://localhost:8081/", "http://localhost:8081//"]) {
      const parsed = parseConfig({ BOT_TOKEN: TOKEN, BOT_API_ROOT: root });
      expect(parsed.ok && parsed.config.BOT_API_ROOT).toBe("http://localhost:8081");
    }
    const parsed = parseConfig({ BOT_TOKEN: TOKEN });
    expect(parsed.ok && parsed.config.BOT_API_ROOT).toBe("https://api.telegram.org");
  });

  it("refuse an address that is not a URL, with an example of one", () => {
    expect(problemsOf({ BOT_TOKEN: TOKEN, BOT_API_ROOT: "not-a-url" })).toEqual([
      "BOT_API_ROOT: is not a URL (e.g. https://api.telegram.org or http://localhost:8081)",
    ]);
  });
});
