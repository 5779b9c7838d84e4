/**
 * Pacing of every call the bot makes to a chat, on Bottleneck (the library grammY's throttler
 * is built on): even launches under a cap per sliding second keep the whole bot within its
 * messages-per-second budget, one limiter per chat keeps Telegram's "about one message per
 * second in a chat", and a 429 stops everything for its retry_after.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import Bottleneck from "bottleneck";

/** Schedules calls so they leave no faster than the budget allows. */
export interface Pacer {
  /**
   * Runs `task` when the global budget and the chat `key` both allow it. The task starts
   * exactly when its request may leave, which is when a recipient is marked "sending".
   * The task's first request (see `request`) leaves in this slot at once.
   */
  schedule<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * Sends one request of the bulk client: every request passes here, so each takes exactly
   * one slot. The first request of a scheduled task uses the task's slot; any other (a retry
   * after a 429, a task's second message) waits for the next global slot, ahead of bulk
   * sends. No per-chat wait for those: the chat's limiter is still busy with the task, and a
   * retry_after (at least 1 s) has kept the chat's pace anyway.
   */
  request<T>(call: () => Promise<T>): Promise<T>;
  /**
   * Counts a call the bot made outside the pacer (a reply to a teacher, the coordinator's
   * dialog): it takes a slot of the budget, so bulk sends leave room for it. The call
   * itself is never delayed, so a big reminder job cannot hold up a teacher's survey.
   */
  reserve(): void;
  /**
   * Telegram refused a call with 429: nothing scheduled leaves for `ms`. The whole bot is
   * over its budget, not one request, so the whole pace waits (Telegram's retry_after).
   */
  pause(ms: number): void;
  /** Drops calls still waiting (they reject) and lets those already started finish. */
  stop(): Promise<void>;
}

/** Telegram's per-chat pace for a private chat. */
const PER_CHAT_SPACING_MS = 1000;

/**
 * How long after its answer a request still counts against the budget: Telegram (and the
 * emulator) count a request when it arrives, in a sliding second, and it arrives before its
 * answer does. The 10 ms cover clocks that tick in whole milliseconds.
 */
const COUNTED_FOR_MS = 1010;

/** Bottleneck priorities: 0 goes first, bulk sends take the default 5. */
const PRIORITY = { reserved: 0, extra: 1, bulk: 5 } as const;

/** Gives a slot's place in the sliding second back, a second after its request ended. */
type Release = () => void;

/** The slot a scheduled task was given, until its first request uses it. */
interface Grant {
  release: Release;
  unused: boolean;
}

/**
 * A pacer for `perSecond` calls per second overall, in two Bottleneck limiters.
 *
 * `spacing` lets launches out one at a time, evenly (maxConcurrent 1, minTime the gap):
 * bursts would load the emulator and Telegram unevenly, and the request runs after its slot,
 * outside the limiter, so that after the event loop stalls no pile of timed requests fires
 * together. Bottleneck times each slot from the previous one's due time, so a late timer
 * does not slow the pace.
 *
 * Even launches alone do not keep a sliding second under the cap: after a stall longer than
 * a gap Bottleneck lets two launches out together to catch up, and a request delayed on its
 * way by a stall arrives next to the one after it. So each launch also holds one of the
 * `perSecond` places of `sliding` (maxConcurrent) from its slot until a second after its
 * answer. Any request arrives between the two, so no second as Telegram counts it ever
 * holds more requests than there are places, whatever the stalls and round trips.
 */
// Known shortcomings: a place is also held for the round trip, so the pace is perSecond per
// (1.01 s + round trip): about 29.5/s at 30 against the local emulator, but 10 % under the
// setting when Telegram is 100 ms away. A reply's place counts from its slot, which can come
// a gap after the reply left. Bottleneck's own overhead caps the pace near 75-160 per second
// here, far above Telegram's limit but below some test settings.
export function createPacer(perSecond: number): Pacer {
  const spacing = new Bottleneck({ minTime: 1000 / perSecond, maxConcurrent: 1 });
  const sliding = new Bottleneck({ maxConcurrent: Math.max(1, Math.floor(perSecond)) });
  const perChat = new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: PER_CHAT_SPACING_MS,
    // Each recipient's limiter is needed for a second or so; keep few of them around.
    timeout: 10 * PER_CHAT_SPACING_MS,
  });
  const stopping = new AbortController();
  // Every place held and every pause waits on this signal.
  setMaxListeners(0, stopping.signal);
  /** Waits until the wall clock reaches `until`; timers alone may fire a little early. */
  const waitUntil = async (until: number) => {
    for (let left = until - Date.now(); left > 0; left = until - Date.now())
      await sleep(left, undefined, { signal: stopping.signal });
  };

  /** Takes a place in the sliding second; resolves with the function that gives it back. */
  const takePlace = (priority: number) =>
    new Promise<Release>((taken, failed) => {
      sliding
        .schedule(
          { priority },
          () =>
            new Promise<void>((givenBack) => {
              taken(() => {
                waitUntil(Date.now() + COUNTED_FOR_MS)
                  .catch(() => undefined)
                  .finally(givenBack);
              });
            }),
        )
        .catch(failed);
    });

  let pausedUntil = 0;
  const pauseOver = async () => {
    while (pausedUntil > Date.now()) await waitUntil(pausedUntil);
  };
  // The slot that is due holds the only place in `spacing` while a pause lasts, so nothing
  // else launches; a pause that begins while it waits for its place is waited out as well.
  const slot = (priority: number): Promise<Release> =>
    spacing.schedule({ priority }, async () => {
      await pauseOver();
      const release = await takePlace(priority);
      try {
        await pauseOver();
      } catch (error) {
        release();
        throw error;
      }
      return release;
    });

  // A burst of replies reserves at most one second of the budget; more would only pile up.
  let reserved = 0;
  const maxReserved = Math.max(1, Math.floor(perSecond));
  const grants = new AsyncLocalStorage<Grant>();

  return {
    schedule: (key, task) =>
      perChat.key(key).schedule(async () => {
        const grant = { release: await slot(PRIORITY.bulk), unused: true };
        try {
          return await grants.run(grant, task);
        } finally {
          // Unused, the place is given back; and no later request may use this slot.
          if (grant.unused) grant.release();
          grant.unused = false;
        }
      }),
    async request(call) {
      const grant = grants.getStore();
      let release: Release;
      if (grant?.unused) {
        grant.unused = false;
        release = grant.release;
      } else {
        release = await slot(PRIORITY.extra);
      }
      try {
        return await call();
      } finally {
        release();
      }
    },
    reserve() {
      if (reserved >= maxReserved || stopping.signal.aborted) return;
      reserved += 1;
      // The reply has left already; its place counts from now.
      slot(PRIORITY.reserved)
        .then((release) => release())
        .catch(() => undefined)
        .finally(() => {
          reserved -= 1;
        });
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
    },
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      await spacing.stop({ dropWaitingJobs: true });
      await sliding.stop({ dropWaitingJobs: true });
      for (const limiter of perChat.limiters()) {
        await limiter.limiter.stop({ dropWaitingJobs: true });
      }
      await perChat.disconnect(false);
    },
  };
}
