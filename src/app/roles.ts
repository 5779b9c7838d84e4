/**
 * Who may do what. Admins read results and manage the study; coordinators send reminders;
 * everyone else is a teacher, to whom staff commands behave like unknown commands.
 */

export type Role = "admin" | "coordinator" | "teacher";

/** Staff ids from the configuration. */
export interface StaffIds {
  admins: readonly number[];
  coordinators: readonly number[];
}

/** The role of a Telegram user id; admins can do everything coordinators can. */
export function roleOf(staff: StaffIds, userId: number | undefined): Role {
  if (userId === undefined) return "teacher";
  if (staff.admins.includes(userId)) return "admin";
  if (staff.coordinators.includes(userId)) return "coordinator";
  return "teacher";
}

/** Whether `role` includes the rights of `needed`. */
export function canAct(role: Role, needed: Exclude<Role, "teacher">): boolean {
  return role === "admin" || role === needed;
}
