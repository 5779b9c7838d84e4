import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";

/** Loose JSON object: request parameters and forged updates are untrusted input. */
export type Json = Record<string, unknown>;

/** Any reply_markup a bot may attach to a message. */
export type ReplyMarkup =
  | InlineKeyboardMarkup
  | ReplyKeyboardMarkup
  | ReplyKeyboardRemove
  | ForceReply;

/** A reply-keyboard button after validation: string buttons become `{ text }`. */
type ReplyButton = Exclude<KeyboardButton, string>;

/** A button as tests see it, from an inline keyboard or from a reply keyboard. */
export type Button = InlineKeyboardButton | ReplyButton;

/** A failed Bot API call; the dispatcher turns it into Telegram's JSON error shape. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

/** Shorthand for Telegram's `400 Bad Request: ...` answers. */
export function badRequest(what: string): ApiError {
  return new ApiError(400, `Bad Request: ${what}`);
}

/** True for plain JSON objects (not arrays, not null). */
export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text with its entities, as Telegram stores it after parsing. */
export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const TAGS: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  span: "spoiler",
  "tg-spoiler": "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

interface OpenTag {
  name: string;
  type: MessageEntity["type"];
  offset: number;
  attrs: Record<string, string>;
  language?: string;
}

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index));
}

/** Decodes the HTML entities Telegram supports; others stay as written. */
function decodeEntities(source: string): string {
  return source.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (!name.startsWith("#")) return NAMED[name.toLowerCase()] ?? whole;
    const hex = name[1] === "x" || name[1] === "X";
    const code = hex ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0x10ffff ? whole : String.fromCodePoint(code);
  });
}

function entityFor(tag: OpenTag, end: number): MessageEntity {
  const base = { offset: tag.offset, length: end - tag.offset };
  const type = tag.type;
  if (type === "text_link") return { ...base, type, url: tag.attrs.href ?? "" };
  if (type === "custom_emoji")
    return { ...base, type, custom_emoji_id: tag.attrs["emoji-id"] ?? "" };
  if (type === "pre") return { ...base, type, language: tag.language ?? "" };
  if (type === "blockquote" && "expandable" in tag.attrs) {
    return { ...base, type: "expandable_blockquote" };
  }
  return { ...base, type } as MessageEntity;
}

/** Parses Telegram's HTML parse mode into text and entities, failing like Telegram does. */
export function parseHtml(html: string): Formatted {
  let text = "";
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    text += decodeEntities(html.slice(i, lt < 0 ? html.length : lt));
    if (lt < 0) break;
    i = lt;
    const end = html.indexOf(">", i);
    const at = byteOffset(html, i);
    if (end < 0) throw badRequest(`can't parse entities: Unclosed start tag at byte offset ${at}`);
    const inner = html.slice(i + 1, end);
    i = end + 1;
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const tag = open.pop();
      if (tag?.name !== name) {
        const expected = tag === undefined ? "" : `expected "</${tag.name}>", `;
        const found = `${expected}found "</${name}>"`;
        throw badRequest(`can't parse entities: Unmatched end tag at byte offset ${at}, ${found}`);
      }
      const parent = open.at(-1);
      if (name === "code" && parent?.name === "pre") {
        parent.language = /^language-(.+)$/.exec(tag.attrs.class ?? "")?.[1];
      } else if (text.length > tag.offset) {
        entities.push(entityFor(tag, text.length));
      }
      continue;
    }
    const name = /^[a-z-]*/i.exec(inner)?.[0].toLowerCase() ?? "";
    const type = TAGS[name];
    if (type === undefined) {
      throw badRequest(
        `can't parse entities: Unsupported start tag "${name}" at byte offset ${at}`,
      );
    }
    const attrs: Record<string, string> = {};
    for (const m of inner
      .slice(name.length)
      .matchAll(/([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi)) {
      attrs[(m[1] ?? "").toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
    }
    open.push({ name, type, offset: text.length, attrs });
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined) {
    throw badRequest(
      `can't parse entities: Can't find end tag corresponding to start tag "${unclosed.name}"`,
    );
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

/** Strips surrounding whitespace as Telegram does, keeping entity offsets consistent. */
export function trimFormatted({ text, entities }: Formatted): Formatted {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const kept = entities
    .map((e) => {
      const start = Math.max(0, e.offset - lead);
      const end = Math.min(trimmed.length, e.offset - lead + e.length);
      return { ...e, offset: start, length: end - start };
    })
    .filter((e) => e.length > 0);
  return { text: trimmed, entities: kept };
}

function checkInlineButton(raw: unknown): InlineKeyboardButton {
  if (!isJson(raw)) throw badRequest("can't parse inline keyboard button: must be an Object");
  if (typeof raw.text !== "string" || raw.text.trim() === "")
    throw badRequest("BUTTON_TEXT_INVALID");
  const data = raw.callback_data;
  if (data !== undefined) {
    const bytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : 0;
    if (bytes < 1 || bytes > 64) throw badRequest("BUTTON_DATA_INVALID");
  }
  if (raw.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(raw.url))) {
    throw badRequest("BUTTON_URL_INVALID");
  }
  const actions = Object.keys(raw).filter(
    (k) => !["text", "style", "icon_custom_emoji_id"].includes(k),
  );
  if (actions.length === 0) {
    throw badRequest(
      "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  }
  return raw as unknown as InlineKeyboardButton;
}

function checkReplyButton(raw: unknown): ReplyButton {
  const button = typeof raw === "string" ? { text: raw } : raw;
  if (!isJson(button) || typeof button.text !== "string" || button.text.trim() === "") {
    throw badRequest("BUTTON_TEXT_INVALID");
  }
  return button as unknown as ReplyButton;
}

function rowsOf(raw: unknown, field: string): unknown[][] {
  if (!Array.isArray(raw) || !raw.every(Array.isArray)) {
    throw badRequest(`field "${field}" of the keyboard markup must be an Array of Arrays`);
  }
  return raw as unknown[][];
}

/**
 * Validates a reply_markup like Telegram (button texts, callback_data of 1..64 UTF-8 bytes)
 * and returns it typed; an empty inline keyboard means "no keyboard", as in Telegram.
 */
export function checkMarkup(raw: unknown): ReplyMarkup | undefined {
  if (raw === undefined) return undefined;
  if (!isJson(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ("inline_keyboard" in raw) {
    const rows = rowsOf(raw.inline_keyboard, "inline_keyboard").map((r) =>
      r.map(checkInlineButton),
    );
    return rows.flat().length === 0 ? undefined : { ...raw, inline_keyboard: rows };
  }
  if ("keyboard" in raw) {
    const rows = rowsOf(raw.keyboard, "keyboard").map((r) => r.map(checkReplyButton));
    return { ...raw, keyboard: rows } as ReplyKeyboardMarkup;
  }
  if (raw.remove_keyboard === true) return raw as unknown as ReplyKeyboardRemove;
  if (raw.force_reply === true) return raw as unknown as ForceReply;
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Narrows a stored markup to an inline keyboard, the only kind a Message object carries. */
export function inlineOf(markup: ReplyMarkup | undefined): InlineKeyboardMarkup | undefined {
  return markup !== undefined && "inline_keyboard" in markup ? markup : undefined;
}

/** Every button of a markup, row by row, whatever the keyboard kind. */
export function buttonsOf(markup: ReplyMarkup | undefined): Button[] {
  if (markup === undefined) return [];
  if ("inline_keyboard" in markup) return markup.inline_keyboard.flat();
  if ("keyboard" in markup) return markup.keyboard.flat() as ReplyButton[];
  return [];
}
