/**
 * The admins' feature: /stats, /export, /schools, /tester and /pilot. It answers admins only
 * (ADMIN_IDS); for anyone else it passes every update on untouched, so the survey treats the
 * command as any unknown command and nothing reveals that admin commands exist.
 */
import { Composer, type Context } from "grammy";
import { canAct, roleOf, type StaffIds } from "../../../app/roles.js";
import { flagStaffResponse } from "../../../reports/pilot.js";
import type { StaffFeature } from "../staff-feature.js";
import { addressOf } from "../survey-handlers.js";
import type { AdminDeps } from "./admin-context.js";
import { exportHandlers } from "./export-handlers.js";
import { pilotHandlers } from "./pilot-handlers.js";
import { schoolsHandlers } from "./schools-handlers.js";
import { statsHandlers } from "./stats-handlers.js";

/** What the composition root passes in. */
export interface AdminFeatureDeps extends AdminDeps {
  staffIds: StaffIds;
}

const commands = ["stats", "export", "schools", "tester", "pilot"] as const;

/** Builds the feature for the composition root's `staff` list. */
export function createAdminFeature(deps: AdminFeatureDeps): StaffFeature {
  const composer = new Composer<Context>();
  const roleIn = (ctx: Context) =>
    ctx.chat?.type === "private" ? roleOf(deps.staffIds, ctx.from?.id) : "teacher";

  // Staff are not study participants: whatever an admin or a coordinator answers (/language
  // creates a response, and so may /start or a command meant for admins) is a test response,
  // left out of /stats, exports and reminder segments.
  composer
    .filter((ctx) => canAct(roleIn(ctx), "coordinator"))
    .use(async (ctx, next) => {
      await next();
      const address = addressOf(ctx);
      if (address) flagStaffResponse(deps.database, address.channel, address.id);
    });
  composer
    .filter((ctx) => roleIn(ctx) === "admin")
    .use(statsHandlers(deps), exportHandlers(deps), schoolsHandlers(deps), pilotHandlers(deps));

  return {
    composer,
    commands: commands.map((command) => ({
      command,
      descriptionKey: `admin:commands.${command}`,
      role: "admin" as const,
    })),
  };
}
