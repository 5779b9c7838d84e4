/**
 * The Bot API client that bulk reminders go through. It is separate from the bot's own
 * client so that pacing and retry rules suited to a mass send do not slow a teacher's taps.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, type Transformer } from "grammy";
import type { Pacer } from "../../../reminders/pacing.js";

export interface BulkApiOptions {
  token: string;
  apiRoot: string;
  fetch?: typeof fetch;
  /** The bot's pacer, which every request of this client passes through. */
  pacer: Pick<Pacer, "request" | "pause">;
  /** Told of every 429 Telegram answers, before auto-retry waits it out. */
  onTooManyRequests?: (retryAfterSeconds: number) => void;
}

/**
 * A client whose 429s pause the pacer for their retry_after and are then retried through it
 * (the job goes on), but whose network failures and 5xx answers are not: such a request may
 * have been delivered, and reminders are sent at most once.
 */
export function createBulkApi(options: BulkApiOptions): Api {
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    ...(options.fetch ? { fetch: options.fetch as never } : {}),
  });
  // Each request, a retry included, takes its slot of the pace; a 429 pauses the whole pace.
  const paced: Transformer = async (prev, method, payload, signal) => {
    const result = await options.pacer.request(() => prev(method, payload, signal));
    if (!result.ok && result.error_code === 429) {
      const retryAfter = result.parameters?.retry_after ?? 0;
      options.pacer.pause(retryAfter * 1000);
      options.onTooManyRequests?.(retryAfter);
    }
    return result;
  };
  api.config.use(paced);
  // Installed last, so it runs first: each retry passes through the pacer again, after the
  // whole pace has waited out the retry_after.
  api.config.use(
    autoRetry({
      maxRetryAttempts: 5,
      maxDelaySeconds: 120,
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );
  return api;
}
