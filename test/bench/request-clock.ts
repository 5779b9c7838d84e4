/**
 * Splits an update's time into the bot's Bot API requests and everything else. The requests
 * cost the same for any bot that sends the same payloads, so "everything else" is what a
 * bot's own code (routing, survey logic, SQLite) adds per update.
 */
import type { Bot, Transformer } from "grammy";

/** Accumulates the wall-clock time a bot spends waiting on its Bot API requests. */
export interface RequestClock {
  /** Microseconds spent in requests since the last call; resets the count. */
  take(): number;
}

/**
 * Installs the clock as the bot's outermost transformer, so it covers what a request costs
 * the bot: its other transformers, grammY's serialisation, the round trip and the parsing.
 * The benchmark handles one update at a time, so requests never overlap in the count.
 */
export function clockRequests(bot: Bot): RequestClock {
  let spentUs = 0;
  const timer: Transformer = async (prev, method, payload, signal) => {
    const started = performance.now();
    try {
      return await prev(method, payload, signal);
    } finally {
      spentUs += (performance.now() - started) * 1000;
    }
  };
  bot.api.config.use(timer);
  return {
    take() {
      const spent = spentUs;
      spentUs = 0;
      return spent;
    },
  };
}
