/**
 * Structured logs. Log lines carry ids and outcomes, never message texts, answers or names;
 * the bot token is redacted wherever it could appear (URLs in errors from the HTTP client).
 */
import { type Logger, pino } from "pino";

export type { Logger };

/** Creates the process logger; `destination` lets tests capture the output. */
export function createLogger(
  level: string,
  token?: string,
  destination?: NodeJS.WritableStream,
): Logger {
  const secret = token ? new RegExp(escapeRegExp(token), "g") : undefined;
  const hooks = secret
    ? {
        // A token can hide in any message or error string a library builds; scrub them all.
        streamWrite: (line: string) => line.replace(secret, "[redacted]"),
      }
    : {};
  return pino(
    {
      level,
      base: undefined,
      hooks,
      redact: {
        paths: ["token", "*.token", "text", "*.text", "message.text"],
        censor: "[redacted]",
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
