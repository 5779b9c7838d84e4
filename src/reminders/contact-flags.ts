/**
 * The two marks on a contact that keep reminders away: unreachable (the teacher blocked the
 * bot) and opted out (the teacher asked for no more reminders). Segments exclude both.
 */
import { and, eq } from "drizzle-orm";
import type { Address } from "../app/ports.js";
import type { Database } from "../storage/database.js";
import { contacts } from "../storage/schema.js";

const at = (address: Address) =>
  and(eq(contacts.channel, address.channel), eq(contacts.address, address.id));

/** Sets or clears the unreachable mark, e.g. when the teacher blocks or unblocks the bot. */
export function setUnreachable({ db }: Database, address: Address, unreachable: boolean): void {
  db.update(contacts).set({ unreachable }).where(at(address)).run();
}

/** Records that the teacher wants no more reminders, or wants them again. */
export function setOptedOut({ db }: Database, address: Address, optedOut: boolean): void {
  db.update(contacts).set({ optedOut }).where(at(address)).run();
}
