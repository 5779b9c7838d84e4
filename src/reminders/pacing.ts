/**
 * Pacing of bulk sends, on Bottleneck (the library grammY's throttler is built on): a global
 * spacing that keeps the whole bot under its messages-per-second budget, and one limiter per
 * chat for Telegram's "about one message per second in a chat".
 */
import Bottleneck from "bottleneck";

/** Schedules calls so they leave no faster than the budget allows. */
export interface Pacer {
  /**
   * Runs `task` when the global budget and the chat `key` both allow it. The task starts
   * exactly when its request may leave, which is when a recipient is marked "sending".
   */
  schedule<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * Counts a call the bot made outside the pacer (a reply to a teacher, the coordinator's
   * dialog): it takes a slot of the budget, so bulk sends leave room for it. The call
   * itself is never delayed.
   */
  reserve(): void;
  /** Drops calls still waiting (they reject) and lets those already started finish. */
  stop(): Promise<void>;
}

/** Telegram's per-chat pace for a private chat. */
const PER_CHAT_SPACING_MS = 1000;

const launch = async () => undefined;

/**
 * A pacer for `perSecond` calls per second overall. Calls are spaced evenly rather than let
 * out in bursts: a burst at the end of one second and another at the start of the next
 * would exceed the budget in a sliding window, which is how Telegram counts.
 *
 * The global limiter hands out launch slots one at a time (maxConcurrent 1, an empty job),
 * and the request runs after its slot, outside the limiter. Were the requests themselves run
 * inside it with room for many, Bottleneck would time them all ahead, and after the event
 * loop stalls their timers would fire together: a burst over the budget.
 */
// Known shortcomings: the spacing is of launches; requests can still reach Telegram a little
// closer together (measured: at most 26-27 in one second at 25/s on a loaded machine), which
// the default headroom under 30 absorbs. Bottleneck's own overhead caps the pace near
// 75-160 per second here, far above Telegram's limit but below some test settings.
export function createPacer(perSecond: number): Pacer {
  const global = new Bottleneck({ minTime: Math.ceil(1000 / perSecond), maxConcurrent: 1 });
  const perChat = new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: PER_CHAT_SPACING_MS,
    // Each recipient's limiter is needed for a second or so; keep few of them around.
    timeout: 10 * PER_CHAT_SPACING_MS,
  });
  // A burst of replies reserves at most one second of the budget; more would only pile up.
  let reserved = 0;
  let stopped = false;
  const maxReserved = Math.max(1, Math.floor(perSecond));

  return {
    schedule: (key, task) =>
      perChat.key(key).schedule(async () => {
        await global.schedule(launch);
        return task();
      }),
    reserve() {
      if (reserved >= maxReserved) return;
      reserved += 1;
      // Highest priority: the slot goes before any bulk send already waiting.
      global
        .schedule({ priority: 0 }, launch)
        .catch(() => undefined)
        .finally(() => {
          reserved -= 1;
        });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await global.stop({ dropWaitingJobs: true });
      for (const limiter of perChat.limiters()) {
        await limiter.limiter.stop({ dropWaitingJobs: true });
      }
      await perChat.disconnect(false);
    },
  };
}
