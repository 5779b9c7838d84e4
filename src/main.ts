/**
 * `npm start`: reads the configuration, starts the bot, and stops it gracefully on SIGINT or
 * SIGTERM (a second signal exits at once).
 */
import "dotenv/config";
import { startAdvice } from "./channels/telegram/start-advice.js";
import { createSaualnama } from "./compose.js";
import { parseConfig } from "./config.js";
import { createLogger } from "./logger.js";

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(
    `Saualnama cannot start; fix these settings (environment or .env):\n  ${parsed.problems.join("\n  ")}`,
  );
  process.exit(1);
}
const { config } = parsed;
const logger = createLogger(config.LOG_LEVEL, config.BOT_TOKEN);

const app = await createSaualnama(config, logger);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting now");
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, "stopping: finishing updates in flight");
  await app.stop();
  logger.info("stopped");
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

try {
  await app.start();
} catch (error) {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, startAdvice(error));
  await app.stop();
  process.exit(1);
}
