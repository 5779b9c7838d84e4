/**
 * Walks every staff menu as a staff member would: sends each command of their command menu,
 * then presses every button that appears (breadth first, up to a limit), and keeps all that
 * came back: texts, captions, files, and the button data seen. The privacy tests grep this
 * for personal data, and replay the button data as people who are not staff.
 */
import ExcelJS from "exceljs";
import type { Translate } from "../../src/i18n.js";
import type { ApiCall, BotApiEmulator, ChatMessage } from "../support/bot-api-emulator.js";
import type { SimTeacher } from "../support/teacher.js";

/** Everything a crawl saw. */
export interface Crawl {
  /** Message texts, edits and captions sent to the staff member. */
  texts: string[];
  /** Files sent, XLSX workbooks read out as text, others as UTF-8. */
  files: { name: string; text: string }[];
  /** Button data the bot put on messages to the staff member. */
  buttonData: Set<string>;
  presses: number;
}

/** Which buttons not to press: the survey's own, and irreversible confirmations. */
export type ButtonFilter = (data: string) => boolean;

const SURVEY_BUTTON = /^[lkatdsb]:/;

/** Sends `/my_data` and waits for its last message: every earlier update of the chat is done. */
export async function settle(staff: SimTeacher, t: Translate): Promise<void> {
  const since = staff.emu.calls.length;
  staff.emu.sendCommand(staff.user, "/my_data");
  const nothing = t("privacy:my_data.nothing");
  const footer = t("privacy:my_data.footer");
  await staff.emu.waitFor(
    (call) =>
      call.method === "sendMessage" &&
      call.params.chat_id === staff.chatId &&
      (call.params.text === nothing || String(call.params.text).includes(footer)),
    { since, timeoutMs: 30_000 },
  );
}

function buttonsOf(message: Pick<ChatMessage, "reply_markup">): string[] {
  const markup = message.reply_markup;
  if (!markup || !("inline_keyboard" in markup)) return [];
  return markup.inline_keyboard
    .flat()
    .flatMap((button) => ("callback_data" in button ? [button.callback_data] : []));
}

async function fileText(name: string, bytes: Buffer): Promise<string> {
  if (!name.endsWith(".xlsx")) return bytes.toString("utf8");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.text));
      });
    });
  });
  return cells.join("\n");
}

/** What the bot sent `chatId` in `calls`, as texts and files. */
export async function collect(calls: readonly ApiCall[], chatId: number): Promise<Crawl> {
  const crawl: Crawl = { texts: [], files: [], buttonData: new Set(), presses: 0 };
  for (const call of calls) {
    if (call.params.chat_id !== chatId || !call.response.ok) continue;
    for (const key of ["text", "caption"]) {
      if (typeof call.params[key] === "string") crawl.texts.push(call.params[key]);
    }
    for (const file of call.files) {
      crawl.files.push({ name: file.filename, text: await fileText(file.filename, file.bytes) });
    }
    // The buttons as sent: a message keeps only those its last edit left it.
    const sent = { reply_markup: call.params.reply_markup } as Pick<ChatMessage, "reply_markup">;
    for (const data of buttonsOf(sent)) crawl.buttonData.add(data);
  }
  return crawl;
}

/**
 * Crawls the menus of `commands` as `staff`. `skip` keeps the crawl away from buttons that
 * would end it (the study's purge); the survey's own buttons are never pressed.
 */
export async function crawlStaffMenus(
  emu: BotApiEmulator,
  staff: SimTeacher,
  commands: readonly string[],
  t: Translate,
  options: { skip: ButtonFilter; maxPresses: number },
): Promise<Crawl> {
  const since = emu.calls.length;
  for (const command of commands) emu.sendCommand(staff.user, `/${command}`);
  await settle(staff, t);

  const pressed = new Set<string>();
  let presses = 0;
  while (presses < options.maxPresses) {
    const waiting = emu
      .botMessages(staff.chatId)
      .filter((message) => !message.deleted)
      .flatMap((message) => buttonsOf(message).map((data) => ({ message, data })))
      .filter(({ data }) => !pressed.has(data) && !SURVEY_BUTTON.test(data) && !options.skip(data));
    if (waiting.length === 0) break;
    for (const { message, data } of waiting.slice(0, options.maxPresses - presses)) {
      pressed.add(data);
      presses += 1;
      emu.pressButton(staff.user, message, data, { unchecked: true });
    }
    await settle(staff, t);
  }
  const crawl = await collect(emu.calls.slice(since), staff.chatId);
  return { ...crawl, presses };
}
