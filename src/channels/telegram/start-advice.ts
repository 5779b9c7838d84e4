/**
 * Advice for the two failures people meet when starting a bot: a wrong token, and a second
 * copy of the bot already polling with the same token.
 */
import { GrammyError, HttpError } from "grammy";

/** A one-line explanation of why the bot could not start, with what to do about it. */
export function startAdvice(error: unknown): string {
  if (error instanceof GrammyError && error.error_code === 401) {
    return "Telegram refused BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather";
  }
  if (error instanceof GrammyError && error.error_code === 409) {
    return "another copy of this bot is already polling with the same token: stop it first";
  }
  if (error instanceof HttpError) {
    return "cannot reach the Bot API: check BOT_API_ROOT and the network";
  }
  return "could not start";
}
