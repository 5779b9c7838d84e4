import { describe, expect, it } from "vitest";
import { decodeButton } from "../../src/channels/telegram/callback-data.js";
import {
  decodeReminderButton,
  encodeReminderButton,
  type ReminderButton,
} from "../../src/channels/telegram/reminders/callback-data.js";

const every: ReminderButton[] = [
  { type: "continue" },
  { type: "stop" },
  { type: "cancel-job", jobId: 123456 },
  { type: "segment", segment: "not_started" },
  { type: "segment", segment: "in_progress" },
  { type: "segment", segment: "not_completed" },
  { type: "segment", segment: "completed" },
  { type: "district", district: "talgar" },
  { type: "district", district: null },
  { type: "school", index: 49 },
  { type: "school", index: null },
  { type: "text", custom: true },
  { type: "text", custom: false },
  { type: "confirm" },
  { type: "abort" },
];

describe("reminder button data", () => {
  it("round-trips every button within Telegram's 64 bytes", () => {
    for (const button of every) {
      const data = encodeReminderButton(button);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeReminderButton(data)).toEqual(button);
    }
  });

  it("uses the fixed codes of the teacher's buttons", () => {
    expect(encodeReminderButton({ type: "continue" })).toBe("r:c");
    expect(encodeReminderButton({ type: "stop" })).toBe("r:stop");
  });

  it("never collides with the survey's buttons", () => {
    for (const button of every) expect(decodeButton(encodeReminderButton(button))).toBeUndefined();
    for (const survey of ["l:kk", "k:y", "a:q1:male", "t:q7:a", "d:q7", "s:q18", "b:q2"])
      expect(decodeReminderButton(survey)).toBeUndefined();
  });

  it("refuses forgeries and malformed data", () => {
    for (const data of ["r:", "r:x:", "r:x:-1", "r:g:zz", "r:d:Talgar", "r:s:abc", "r:c:1", "r"])
      expect(decodeReminderButton(data)).toBeUndefined();
  });
});
