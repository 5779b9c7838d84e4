import { describe, expect, it } from "vitest";
import { Confirmations } from "../../src/channels/telegram/privacy/confirmations.js";
import { splitIntoMessages } from "../../src/channels/telegram/privacy/my-data-text.js";
import {
  decodePrivacyButton,
  encodePrivacyButton,
  type PrivacyButton,
} from "../../src/channels/telegram/privacy/privacy-buttons.js";

describe("privacy buttons", () => {
  it("read back what they wrote, within Telegram's 64 bytes", () => {
    const buttons: PrivacyButton[] = [
      { type: "erase", code: "0a1b2c3d" },
      { type: "keep" },
      { type: "end", step: 1, code: "deadbeef" },
      { type: "end", step: 2, code: "cafebabe" },
      { type: "end-cancel" },
    ];
    for (const button of buttons) {
      const data = encodePrivacyButton(button);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodePrivacyButton(data)).toEqual(button);
    }
  });

  it("read nothing into other features' data or junk", () => {
    for (const data of [
      "a:q1:male",
      "pv",
      "pv:e",
      "pv:e:XYZ",
      "pv:3:deadbeef",
      "pv:k:1",
      "",
      "pv:e:deadbeef:x",
    ]) {
      expect(decodePrivacyButton(data)).toBeUndefined();
    }
    expect(decodePrivacyButton(undefined)).toBeUndefined();
  });
});

describe("confirmations", () => {
  it("accept their code once, for their key only, until they expire", () => {
    let now = 0;
    const confirmations = new Confirmations(1000, () => now);
    const code = confirmations.issue("erase:1");
    expect(confirmations.take("erase:2", code)).toBe(false);
    expect(confirmations.take("erase:1", "00000000")).toBe(false);
    expect(confirmations.take("erase:1", code)).toBe(true);
    expect(confirmations.take("erase:1", code)).toBe(false);

    const late = confirmations.issue("erase:1");
    now = 1001;
    expect(confirmations.take("erase:1", late)).toBe(false);
  });

  it("keep only the newest code of a key, and forget a cancelled one", () => {
    const confirmations = new Confirmations(1000, () => 0);
    const first = confirmations.issue("end1:9");
    const second = confirmations.issue("end1:9");
    expect(confirmations.take("end1:9", first)).toBe(false);
    expect(confirmations.take("end1:9", second)).toBe(true);
    const third = confirmations.issue("end1:9");
    confirmations.cancel("end1:9");
    expect(confirmations.take("end1:9", third)).toBe(false);
  });
});

describe("splitting /my_data into messages", () => {
  it("keeps every message within the limit, breaking between lines", () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i}. ${"ә".repeat(40)}`);
    const messages = splitIntoMessages(lines, 1000);
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(1000);
    expect(messages.join("\n")).toBe(lines.join("\n"));
  });

  it("breaks a line longer than the limit, never inside an emoji", () => {
    const line = "😀".repeat(700);
    const messages = splitIntoMessages([line], 999);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(999);
      expect(message).toMatch(/^(😀)+$/u);
    }
    expect(messages.join("")).toBe(line);
  });
});
