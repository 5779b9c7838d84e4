/**
 * The command menus: teachers see the survey commands in their app's language; each admin and
 * coordinator sees, in their own chat only, the staff commands their role allows.
 */
import type { Api } from "grammy";
import { canAct, type StaffIds } from "../../app/roles.js";
import type { Translations } from "../../i18n.js";
import type { StaffCommand } from "./staff-feature.js";

/** Everyone's commands, with their description keys: the survey, and the teacher's rights. */
const teacherCommands = [
  ["start", "bot:commands.start"],
  ["language", "bot:commands.language"],
  ["my_data", "privacy:commands.my_data"],
  ["delete_me", "privacy:commands.delete_me"],
] as const;

/** Sets every menu; staff menus use a per-chat scope so no one else sees staff commands. */
export async function setCommandMenus(
  api: Api,
  translations: Translations,
  staff: StaffIds,
  staffCommands: readonly StaffCommand[],
): Promise<void> {
  for (const language of ["kk", "ru"] as const) {
    const t = translations.t(language);
    const forTeachers = teacherCommands.map(([command, key]) => ({
      command,
      description: t(key),
    }));
    await api.setMyCommands(forTeachers, { language_code: language });
    if (language === "kk") await api.setMyCommands(forTeachers);

    const staffIds = [...new Set([...staff.admins, ...staff.coordinators])];
    for (const id of staffIds) {
      const role = staff.admins.includes(id) ? "admin" : "coordinator";
      const own = staffCommands
        .filter((command) => canAct(role, command.role))
        .map((command) => ({ command: command.command, description: t(command.descriptionKey) }));
      const scope = { type: "chat" as const, chat_id: id };
      await api.setMyCommands([...forTeachers, ...own], { scope, language_code: language });
      if (language === "kk") await api.setMyCommands([...forTeachers, ...own], { scope });
    }
  }
}
