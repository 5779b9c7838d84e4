/**
 * How staff features (results, reminders, study management) plug into the bot: handlers that
 * see private updates before the survey does, and commands for the staff's command menu.
 */
import type { Api, Composer, Context, MiddlewareFn, Transformer } from "grammy";
import type { Role } from "../../app/roles.js";

/** A command shown in the menu of staff with `role`; `descriptionKey` is a translation key. */
export interface StaffCommand {
  command: string;
  descriptionKey: string;
  role: Exclude<Role, "teacher">;
}

/** One staff feature. Its handlers must call `next()` for updates that are not theirs. */
export interface StaffFeature {
  composer: Composer<Context>;
  commands: StaffCommand[];
  /**
   * Sees every request of the bot's client, each retry included: it is installed inside the
   * client's auto-retry (the reminders' pacer counts replies and pauses on their 429s).
   */
  transformer?: Transformer;
  /**
   * Sees the updates no staff feature took, right before the survey handlers do: the last
   * word on what the survey would store.
   */
  surveyGuard?: MiddlewareFn<Context>;
  /** Background work (queues, schedules), started once the bot polls; `api` is the bot's. */
  start?(api: Api): void;
  /** Ends the background work before the database closes. */
  stop?(): Promise<void>;
}
