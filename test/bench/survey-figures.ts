/**
 * The figures of sections 1 and 2 and how they are computed from timed updates.
 */
import { mean, quantile, round } from "./figures.js";

/**
 * Per-update costs in microseconds: wall-clock time (what a teacher waits for), and the CPU
 * time the process spent (which other processes on a shared machine cannot inflate).
 */
export interface Timings {
  updates: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  cpuMeanUs: number;
  /** Mean wall-clock time inside Bot API requests, and the rest: the bot's own code. */
  requestsMeanUs: number;
  ownMeanUs: number;
}

/** Means and median over a slice of the survey (its first or last five prompts). */
export interface SliceTimings {
  meanUs: number;
  p50Us: number;
  cpuMeanUs: number;
}

/** One timed update; `requestsUs` of its `us` were spent in Bot API requests. */
export interface Sample {
  us: number;
  cpuUs: number;
  requestsUs: number;
}

/** What sections 1 and 2 report. */
export interface SurveyFigures {
  teachers: number;
  floor: Timings;
  /** The floor making the survey's three Bot API requests per press instead of one. */
  floorWithSurveyCalls: Timings;
  survey: Timings & {
    /** Over the updates that answer each teacher's first five prompts. */
    first5: SliceTimings;
    /** Over the updates that answer each teacher's last five prompts. */
    last5: SliceTimings;
    /** last5 / first5, of the wall-clock means, the CPU means and the wall-clock medians. */
    lastToFirst: number;
    lastToFirstCpu: number;
    lastToFirstMedian: number;
    promptsPerTeacher: { min: number; max: number };
    /** Bot API requests per update (the floor makes 1, its second variant 3). */
    requestsPerUpdate: number;
    completed: number;
  };
  /** survey / floor, of the wall-clock means and of the CPU means. */
  surveyToFloor: number;
  surveyToFloorCpu: number;
  /** survey / the floor with the survey's Bot API requests (wall-clock means, CPU means). */
  surveyToFloorWithSurveyCalls: number;
  surveyToFloorWithSurveyCallsCpu: number;
  /** survey / floor of the time outside Bot API requests: what the survey's code adds. */
  surveyToFloorOwnCode: number;
  /** Bytes of the respondents and contacts rows of a teacher, looking at a prompt. */
  stateBytes: { firstPrompt: number; lastPrompt: number; max: number };
  /** The dedup keys of handled updates, kept two weeks: bytes per teacher after a full run. */
  processedUpdatesBytesPerTeacher: number;
  rssMb: number;
}

/** Mean, median and tail of wall-clock times, and the mean CPU time. */
export function timings(samples: Sample[]): Timings {
  const wall = samples.map((sample) => sample.us);
  return {
    updates: samples.length,
    meanUs: round(mean(wall), 1),
    p50Us: round(quantile(wall, 0.5), 1),
    p99Us: round(quantile(wall, 0.99), 1),
    cpuMeanUs: round(mean(samples.map((sample) => sample.cpuUs)), 1),
    requestsMeanUs: round(mean(samples.map((sample) => sample.requestsUs)), 1),
    ownMeanUs: round(mean(samples.map((sample) => sample.us - sample.requestsUs)), 1),
  };
}

/** Means and median of a slice of the samples. */
export function slice(samples: Sample[]): SliceTimings {
  const wall = samples.map((sample) => sample.us);
  return {
    meanUs: round(mean(wall), 1),
    p50Us: round(quantile(wall, 0.5), 1),
    cpuMeanUs: round(mean(samples.map((sample) => sample.cpuUs)), 1),
  };
}
