/**
 * An end-to-end setting for the admin tests: the real bot against the emulator, a schools
 * file, a database seeded with known responses, an admin and a teacher, and a way to press the
 * admin menu's buttons by their text.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiCall, isBotMessage } from "../support/bot-api-emulator.js";
import { startRig, type TestRig } from "../support/in-process-bot.js";
import { SimTeacher } from "../support/teacher.js";
import {
  generateResponses,
  insertResponses,
  type SeededResponse,
  type SeedOptions,
} from "./seed-responses.js";

export const ADMIN_ID = 9001;

/** Schools whose teachers answer (spread over districts) and, optionally, many without answers. */
export function schoolsCsv(extra = 0): { csv: string; active: string[] } {
  const active = [
    ["SCH01", "№1 мектеп-гимназия", "Школа-гимназия №1", "talgar", 60],
    ["SCH02", "Абай атындағы орта мектеп", "Средняя школа имени Абая", "ile", 45],
    ["SCH03", "Қонаев қалалық №3 мектеп", "Городская школа №3", "konaev", 50],
    ["SCH04", "Қарасай №7 мектеп-лицей", "Школа-лицей №7", "karasay", 40],
    ["SCH05", "Жамбыл ауылдық мектебі", "Жамбылская сельская школа", "zhambyl", 30],
    ["SCH06", "Еңбекшіқазақ №2 мектеп", "Школа №2 Енбекшиказахского района", "enbekshi", 35],
  ] as const;
  const rows = active.map((row) => row.join(","));
  for (let i = 0; i < extra; i += 1) {
    const code = `X${String(i + 1).padStart(3, "0")}`;
    rows.push(`${code},Қосымша мектеп ${i + 1},Дополнительная школа ${i + 1},ile,10`);
  }
  return {
    csv: ["code,name_kk,name_ru,district,teachers", ...rows].join("\n"),
    active: active.map((row) => row[0]),
  };
}

/** A running rig with seeded responses and the simulated admin. */
export interface AdminRig {
  rig: TestRig;
  admin: SimTeacher;
  seeded: SeededResponse[];
  /** Sends a command as the admin; resolves with the text of every message up to the menu. */
  command(command: string, payload?: string): Promise<string>;
  /** Presses the admin's button with this text; resolves with the calls it caused. */
  press(text: string): Promise<ApiCall[]>;
  /** Moves the admin's message queue (SimTeacher.next) past everything the bot sent so far. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the bot with ADMIN_IDS and a schools file, and seeds known responses. */
export async function startAdminRig(
  options: { seed?: Partial<SeedOptions>; extraSchools?: number; adminLanguage?: string } = {},
): Promise<AdminRig> {
  const { csv, active } = schoolsCsv(options.extraSchools ?? 0);
  const folder = mkdtempSync(join(tmpdir(), "saualnama-schools-"));
  const schoolsFile = join(folder, "schools.csv");
  writeFileSync(schoolsFile, csv);
  const rig = await startRig({ ADMIN_IDS: String(ADMIN_ID), SCHOOLS_FILE: schoolsFile });
  const seeded = generateResponses(rig.app.prompts, {
    count: 240,
    schoolCodes: active,
    ...options.seed,
  });
  insertResponses(rig.app.database, seeded);
  const admin = new SimTeacher(rig.emu, {
    id: ADMIN_ID,
    first_name: "Aliya",
    username: "aliya_admin",
    language_code: options.adminLanguage ?? "kk",
  });

  return {
    rig,
    admin,
    seeded,
    async command(command, payload) {
      const since = rig.emu.calls.length;
      rig.emu.sendCommand(admin.user, command, payload);
      const last = await rig.emu.waitFor(
        (call) => isBotMessage(call, admin.chatId) && call.params.reply_markup !== undefined,
        { since, description: `the bot's answer to ${command}` },
      );
      return rig.emu.calls
        .slice(since, last.seq + 1)
        .filter((call) => isBotMessage(call, admin.chatId))
        .map((call) => String(call.params.text ?? ""))
        .join("\n");
    },
    async press(text) {
      const found = rig.emu.findButton(admin.chatId, text);
      if (!found || !("callback_data" in found.button)) throw new Error(`no button "${text}"`);
      const since = rig.emu.calls.length;
      await admin.press(found.button.callback_data, found.message);
      // The press is answered first; what the bot shows for it comes right after.
      await rig.emu.waitFor(
        (call) =>
          ["editMessageText", "sendMessage", "sendPhoto", "sendDocument"].includes(call.method),
        { since, description: `the bot's answer to "${text}"` },
      );
      return rig.emu.calls.slice(since);
    },
    async drain() {
      for (;;) {
        try {
          await admin.next(100);
        } catch {
          return;
        }
      }
    },
    async close() {
      await rig.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The text of the newest bot message in the admin's chat. */
export function latestText(admin: AdminRig): string {
  return admin.rig.emu.lastBotMessage(admin.admin.chatId)?.text ?? "";
}
