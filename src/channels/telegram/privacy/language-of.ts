/**
 * The language to answer someone in: the one they chose for the survey, else their app's.
 */
import type { Context } from "grammy";
import type { Language } from "../../../app/ports.js";
import type { SurveySessions } from "../../../app/survey-sessions.js";
import { addressOf, guessLanguage } from "../survey-handlers.js";

/** The chosen survey language of the person behind `ctx`, or a guess from their app. */
export function languageOf(ctx: Context, sessions: SurveySessions): Language {
  const address = addressOf(ctx);
  return (address && sessions.find(address)?.language) || guessLanguage(ctx);
}
