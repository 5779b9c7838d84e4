/**
 * The buttons of the /remind dialog: segments with their sizes, districts, schools, the
 * choice of text, and the confirmation. Labels come from the locales and the schools file.
 */
import type { Language } from "../../../app/ports.js";
import type { Translate } from "../../../i18n.js";
import { type Segment, segments } from "../../../reminders/segments.js";
import type { School } from "../../../schools.js";
import type { Keyboard } from "../render-prompt.js";
import { encodeReminderButton, type ReminderButton } from "./callback-data.js";

/** Telegram shows at most 100 buttons; a district has far fewer schools than that. */
const MAX_SCHOOL_BUTTONS = 90;

const button = (text: string, action: ReminderButton) => ({
  text,
  callback_data: encodeReminderButton(action),
});

const abortRow = (t: Translate) => [button(t("reminders:compose.abort"), { type: "abort" })];

/** One button per segment, with how many teachers it reaches now. */
export function segmentKeyboard(t: Translate, sizes: Record<Segment, number>): Keyboard {
  return [
    ...segments.map((segment) => [
      button(
        t("reminders:compose.segment_button", {
          label: t(`reminders:segment.${segment}`),
          count: sizes[segment],
        }),
        { type: "segment", segment },
      ),
    ]),
    abortRow(t),
  ];
}

/** "All districts", then the survey's districts two to a row. */
export function districtKeyboard(t: Translate, districts: readonly string[]): Keyboard {
  const rows: Keyboard = [
    [button(t("reminders:compose.all_districts"), { type: "district", district: null })],
  ];
  for (let i = 0; i < districts.length; i += 2) {
    rows.push(
      districts
        .slice(i, i + 2)
        .map((district) =>
          button(t(`survey:q3.options.${district}`), { type: "district", district }),
        ),
    );
  }
  rows.push(abortRow(t));
  return rows;
}

/** A school's name in the coordinator's language. */
export function schoolName(school: School, language: Language): string {
  return language === "ru" ? school.name_ru : school.name_kk;
}

/** "The whole district", then its schools; `index` is the school's place in the file. */
export function schoolKeyboard(
  t: Translate,
  language: Language,
  schools: ReadonlyArray<{ school: School; index: number }>,
): Keyboard {
  return [
    [button(t("reminders:compose.whole_district"), { type: "school", index: null })],
    ...schools
      .slice(0, MAX_SCHOOL_BUTTONS)
      .map(({ school, index }) => [
        button(schoolName(school, language), { type: "school", index }),
      ]),
    abortRow(t),
  ];
}

/** The default text or the coordinator's own. */
export function textKeyboard(t: Translate): Keyboard {
  return [
    [button(t("reminders:compose.default_text"), { type: "text", custom: false })],
    [button(t("reminders:compose.custom_text"), { type: "text", custom: true })],
    abortRow(t),
  ];
}

/** Send or cancel. */
export function confirmKeyboard(t: Translate): Keyboard {
  return [[button(t("reminders:compose.confirm"), { type: "confirm" })], abortRow(t)];
}
