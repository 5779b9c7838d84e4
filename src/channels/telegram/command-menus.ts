/**
 * The command menu teachers see, in their app's language.
 */
import type { Api } from "grammy";
import type { Translations } from "../../i18n.js";

const teacherCommands = ["start", "language"] as const;

/** Sets the menu for Kazakh and Russian apps, and Kazakh as the default. */
export async function setCommandMenus(api: Api, translations: Translations): Promise<void> {
  for (const language of ["kk", "ru"] as const) {
    const t = translations.t(language);
    const commands = teacherCommands.map((command) => ({
      command,
      description: t(`bot:commands.${command}`),
    }));
    await api.setMyCommands(commands, { language_code: language });
    if (language === "kk") await api.setMyCommands(commands);
  }
}
