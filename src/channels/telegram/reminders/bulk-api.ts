/**
 * The Bot API client that bulk reminders go through. It is separate from the bot's own
 * client so that pacing and retry rules suited to a mass send do not slow a teacher's taps.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, type Transformer } from "grammy";

export interface BulkApiOptions {
  token: string;
  apiRoot: string;
  fetch?: typeof fetch;
  /** Told of every 429 Telegram answers, before auto-retry waits it out. */
  onTooManyRequests?: (retryAfterSeconds: number) => void;
}

/**
 * A client whose 429s wait their retry_after and are retried (the job goes on), but whose
 * network failures and 5xx answers are not: such a request may have been delivered, and
 * reminders are sent at most once.
 */
export function createBulkApi(options: BulkApiOptions): Api {
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    ...(options.fetch ? { fetch: options.fetch as never } : {}),
  });
  const notice429: Transformer = async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429)
      options.onTooManyRequests?.(result.parameters?.retry_after ?? 0);
    return result;
  };
  api.config.use(notice429);
  // Installed last, so it runs first: each retry passes through the 429 notice again.
  // Known shortcoming: only the refused request waits out retry_after; the pacer keeps
  // sending the others at the configured pace instead of pausing the whole job.
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
