/**
 * Text a fuzzer types: any length from empty to 10,000 characters, drawn from Kazakh and
 * Russian letters, emoji (with skin tones and joiners), right-to-left scripts and marks,
 * control and zero-width characters, combining marks, and the markup characters of HTML and
 * Markdown.
 */
import type { Random } from "./random.js";

const POOLS: readonly string[][] = [
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\""],
  [..."әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМН "],
  ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇰🇿", "❤️", "📚", "🧪", "🏫"],
  [..."مرحبا بالعالم", ..."שלום עולם", "\u202e", "\u202d", "\u200e", "\u200f", "\u061c"],
  [..."\u0000\u0001\u0002\u0007\u0008\u000b\u000c\u000e\u001b\u001f\u007f\u0085"],
  ["\n", "\r\n", "\t", "\u2028", "\u2029"],
  ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"],
  ["\u0301", "\u0308", "\u0327", "e\u0301", "\u0418\u0306"],
  [..."<>&*_[]()~`#+-=|{}.!/\\", "<b>", "</i>", "&amp;", "&#x1F600;", "**", "__", "```"],
];

/** Text of at most `length` UTF-16 units (as Telegram counts), never cutting a character. */
export function textOfLength(random: Random, length: number): string {
  const pool = random.pick(POOLS);
  const mixed = random.chance(0.5);
  const parts: string[] = [];
  let units = 0;
  while (units < length) {
    const piece = random.pick(mixed ? random.pick(POOLS) : pool);
    // A piece that would overshoot is left out, so no emoji is cut in half.
    if (units + piece.length > length) break;
    parts.push(piece);
    units += piece.length;
  }
  return parts.join("");
}

/** A text of random length: mostly short, sometimes long, now and then near 10,000. */
export function randomText(random: Random): string {
  const roll = random.next();
  const length =
    roll < 0.05
      ? 0
      : roll < 0.7
        ? random.int(1, 40)
        : roll < 0.9
          ? random.int(40, 1000)
          : random.int(1000, 10_000);
  return textOfLength(random, length);
}

/** Things people type where a number of years is asked. */
export function numberLike(random: Random): string {
  return random.pick([
    String(random.int(0, 60)),
    String(random.int(-50, 500)),
    `${random.int(0, 60)}.${random.int(0, 9)}`,
    `${random.int(0, 60)},5`,
    " 7 ",
    "1e3",
    "١٢",
    "１２",
    "twelve",
    "12 жыл",
    "",
    "-0",
    "99999999999999999999",
  ]);
}

/** Button data people could forge: the bot's own formats bent, other features' formats, junk. */
export function forgedButtonData(random: Random): string {
  const prompt = random.pick([
    "q1",
    "q4",
    "q7",
    "q8",
    "q17",
    "q19_10",
    "q19_10_has",
    "q22_6",
    "q99",
    "x",
  ]);
  const code = random.pick(["1", "2", "9", "female", "yes", "no", "other", "a", "z", "", "0"]);
  const made = random.pick([
    `a:${prompt}:${code}`,
    `t:${prompt}:${code}`,
    `t:${prompt}:${code}:${random.pick(["0", "1", "2"])}`,
    `d:${prompt}`,
    `s:${prompt}`,
    `b:${prompt}`,
    `l:${random.pick(["kk", "ru", "en", ""])}`,
    `k:${random.pick(["y", "n", "maybe"])}`,
    `pv:e:${random.pick(["deadbeef", "00000000", "zz"])}`,
    `pv:${random.pick(["1", "2"])}:${random.pick(["deadbeef", "cafebabe12345678"])}`,
    "pv:c",
    "pv:k",
    `ex:${random.pick(["m", "x", "c"])}:${random.pick(["", "a", "t", "at"])}`,
    `sc:${random.pick(["p", "q"])}${random.int(-1, 99)}`,
    `tt:R${random.int(0, 999999)}`,
    ":".repeat(random.int(1, 10)),
  ]);
  if (random.chance(0.8)) return made;
  // Junk of any length, sometimes past the 64 bytes Telegram would allow.
  return textOfLength(random, random.int(1, 80));
}
