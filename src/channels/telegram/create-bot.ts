/**
 * Builds the grammY bot: one error boundary, per-update logging without texts, idempotent
 * handling of redelivered updates, and the handlers in order (staff commands, then survey).
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import {
  Bot,
  type Composer,
  type Context,
  GrammyError,
  type MiddlewareFn,
  type Transformer,
} from "grammy";
import type { SurveySessions } from "../../app/survey-sessions.js";
import type { Logger } from "../../logger.js";
import { answerPress, type DeliverDeps } from "./deliver.js";
import { privateChatsOnly, skipRedelivered } from "./guards.js";
import { guessLanguage, surveyHandlers } from "./survey-handlers.js";

export interface TelegramBotDeps extends DeliverDeps {
  token: string;
  apiRoot: string;
  logger: Logger;
  sessions: SurveySessions;
  /** Staff features (results, reminders) that see updates before the survey does. */
  staff?: Composer<Context>[];
  /** Middleware between the staff features and the survey (see StaffFeature.surveyGuard). */
  surveyGuards?: MiddlewareFn<Context>[];
  /** Transformers of staff features, installed inside auto-retry so they see every attempt. */
  transformers?: Transformer[];
  /** Replaces the HTTP client's fetch, for benchmarks that stand in for Telegram in-process. */
  fetch?: typeof fetch;
}

/** One chat's updates run in order; different chats run concurrently. */
export function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/** Creates the bot, ready to be started by the runner. */
export function createTelegramBot(deps: TelegramBotDeps): Bot {
  const bot = new Bot(deps.token, {
    client: { apiRoot: deps.apiRoot, ...(deps.fetch ? { fetch: deps.fetch as never } : {}) },
  });
  // Installed first, so they sit inside auto-retry: a later transformer wraps the earlier ones.
  for (const transformer of deps.transformers ?? []) bot.api.config.use(transformer);
  // Retries 429s after their retry_after, but gives up instead of waiting for ever: a
  // teacher's tap is better answered late by a restart than never. Network failures are not
  // retried here (auto-retry would retry them for ever, silently): a start against an
  // unreachable BOT_API_ROOT fails with advice, and the runner retries fetching updates.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120, rethrowHttpErrors: true }),
  );
  // The runner is silent (it would print the error, whose cause holds the URL with the
  // token); a failed fetch of updates is logged here instead, through the redacting logger.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === "getUpdates" && !signal?.aborted) {
        deps.logger.warn({ err: describe(error) }, "could not fetch updates; retrying");
      }
      throw error;
    }
  });

  bot.use(sequentialize(chatKey));
  bot.use(async (ctx, next) => {
    const started = performance.now();
    await next();
    deps.logger.debug(
      {
        update: ctx.update.update_id,
        kind: updateKind(ctx),
        ms: Math.round(performance.now() - started),
      },
      "update handled",
    );
  });
  bot.use(privateChatsOnly(deps.translations));
  bot.use(skipRedelivered(deps.sessions, deps));
  for (const composer of deps.staff ?? []) bot.use(composer);
  for (const guard of deps.surveyGuards ?? []) bot.use(guard);
  bot.use(surveyHandlers(deps.sessions, deps));

  bot.catch(async ({ ctx, error }) => {
    deps.logger.error(
      { update: ctx.update.update_id, kind: updateKind(ctx), err: describe(error) },
      "update failed",
    );
    // The person gets a short apology; the error itself stays in the log. Someone who blocked
    // the bot (403) can get nothing, and their press was answered before the send failed.
    if (error instanceof GrammyError && error.error_code === 403) return;
    try {
      await answerPress(ctx);
      const session =
        ctx.chat?.type === "private"
          ? deps.sessions.find({ channel: "telegram", id: String(ctx.chat.id) })
          : undefined;
      const t = deps.translations.t(session?.language ?? guessLanguage(ctx));
      if (ctx.chat?.type === "private") await ctx.reply(t("bot:notice.error"));
    } catch (replyError) {
      deps.logger.warn(
        { update: ctx.update.update_id, err: describe(replyError) },
        "apology not delivered",
      );
    }
  });
  return bot;
}

function updateKind(ctx: Context): string {
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}

/** An error's name and message only: stacks and request payloads could carry texts. */
export function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    const cause = (error as { error?: unknown }).error;
    const inner = cause instanceof Error ? `: ${cause.message}` : "";
    return { name: error.name, message: `${error.message}${inner}` };
  }
  return { name: "unknown", message: String(error) };
}
