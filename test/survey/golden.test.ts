/**
 * Golden transcripts: each file in test/golden/ is a teacher's whole conversation with the
 * engine, as the prompt expected at each step and the input given there, and the answers that
 * must be stored at the end. The runner drives the pure engine alone (no database): it keeps
 * the answers in a map, applies every clear, and restores a multiple choice's ticks after Back
 * the way the use cases do.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSurvey } from "../../src/survey/definition.js";
import { applyInput, firstPrompt, previousPrompt } from "../../src/survey/engine.js";
import type { Input, RejectReason } from "../../src/survey/input.js";
import { listPrompts, type Prompt, type PromptList } from "../../src/survey/prompts.js";
import { teacherSurvey } from "../../src/surveys/teacher-survey.js";

const GOLDEN = new URL("../golden/", import.meta.url);

const inputSchema: z.ZodType<Input> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("choose"), code: z.string() }).strict(),
  z.object({ type: z.literal("toggle"), code: z.string() }).strict(),
  z.object({ type: z.literal("done") }).strict(),
  z.object({ type: z.literal("text"), text: z.string() }).strict(),
  z.object({ type: z.literal("skip") }).strict(),
]);

const stepSchema = z
  .object({
    /** The prompt the engine must be showing before this step. */
    prompt: z.string(),
    /** The teacher's input at that prompt; absent for a step that presses Back. */
    input: inputSchema.optional(),
    back: z.literal(true).optional(),
    /** The reason the input must be refused for; a refused input changes nothing. */
    rejected: z.string().optional(),
    /** The ticks after a toggle at a multiple choice. */
    selected: z.array(z.string()).optional(),
    /** The answer already stored for the prompt when the step starts (after Back). */
    stored: z.string().nullable().optional(),
    /** The ticks of a multiple choice when the step starts. */
    draft: z.array(z.string()).optional(),
  })
  .strict()
  .refine((step) => (step.input === undefined) !== (step.back === undefined), {
    message: "a step has either an input or back: true",
  });

const transcriptSchema = z
  .object({
    name: z.string().min(1),
    description: z.array(z.string()),
    /** Whether the survey has ended after the last step. */
    completed: z.boolean(),
    /** How many variables are stored at the end. */
    prompts: z.number().int().min(1),
    steps: z.array(stepSchema).min(1),
    answers: z.record(z.string(), z.string().nullable()),
  })
  .strict();

type Transcript = z.output<typeof transcriptSchema>;
type Step = z.output<typeof stepSchema>;

function teacherPrompts(): PromptList {
  const parsed = parseSurvey(teacherSurvey);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return listPrompts(parsed.survey);
}

const list = teacherPrompts();

function loadTranscripts(): Map<string, Transcript> {
  const files = readdirSync(GOLDEN)
    .filter((name) => name.endsWith(".json"))
    .sort();
  return new Map(
    files.map((file) => {
      const raw: unknown = JSON.parse(readFileSync(new URL(file, GOLDEN), "utf8"));
      const parsed = transcriptSchema.safeParse(raw);
      if (!parsed.success) {
        throw new Error(`test/golden/${file} is malformed: ${z.prettifyError(parsed.error)}`);
      }
      return [file, parsed.data];
    }),
  );
}

const transcripts = loadTranscripts();

/** What a replay ends with: whether the survey ended, the stored answers, the prompts met. */
interface Replay {
  ended: boolean;
  answers: Map<string, string | null>;
  visited: string[];
}

/** The ticks a multiple choice starts from when it is shown: its stored answer, if any. */
function draftFor(answers: Map<string, string | null>, prompt: Prompt | null): string[] {
  if (prompt?.kind !== "multi") return [];
  const stored = answers.get(prompt.id);
  return stored ? stored.split(",") : [];
}

function replay(transcript: Transcript): Replay {
  const answers = new Map<string, string | null>();
  const visited: string[] = [];
  let current: Prompt | null = firstPrompt(list);
  let draft: string[] = [];

  transcript.steps.forEach((step: Step, index) => {
    const where = `step ${index + 1}: ${JSON.stringify(step)}`;
    if (!current) throw new Error(`${where}: the survey had already ended`);
    expect(current.id, where).toBe(step.prompt);
    if (visited.at(-1) !== current.id) visited.push(current.id);
    if (step.stored !== undefined) expect(answers.get(current.id), where).toBe(step.stored);
    if (step.draft !== undefined) expect(draft, where).toEqual(step.draft);

    if (step.back) {
      const previous = previousPrompt(list, current, (id) => answers.get(id));
      if (!previous) throw new Error(`${where}: there is no prompt to go back to`);
      current = previous;
      draft = draftFor(answers, current);
      return;
    }
    if (!step.input) throw new Error(`${where}: no input`);

    const outcome = applyInput(list, current, step.input, draft);
    if (step.rejected !== undefined) {
      expect(outcome, where).toMatchObject({
        type: "rejected",
        reason: step.rejected as RejectReason,
      });
      return;
    }
    switch (outcome.type) {
      case "rejected":
        throw new Error(`${where}: refused as ${outcome.reason}`);
      case "ticked":
        if (step.selected === undefined) throw new Error(`${where}: ticks expected in selected`);
        expect(outcome.selected, where).toEqual(step.selected);
        draft = outcome.selected;
        return;
      case "answered":
        expect(step.selected, `${where}: an answer has no selected`).toBeUndefined();
        answers.set(outcome.promptId, outcome.value);
        for (const id of outcome.clear) answers.delete(id);
        current = outcome.next;
        draft = draftFor(answers, current);
        return;
    }
  });
  return { ended: current === null, answers, visited };
}

function transcript(file: string): Transcript {
  const found = transcripts.get(file);
  if (!found) throw new Error(`test/golden/${file} is missing`);
  return found;
}

const unconditional = list.prompts.filter((p) => p.requires === undefined).map((p) => p.id);
const every = list.prompts.map((p) => p.id);

describe("the golden transcripts in test/golden", () => {
  it("include the four runs the survey must always support", () => {
    expect([...transcripts.keys()]).toEqual(
      expect.arrayContaining([
        "full-run-no-other.json",
        "mentoring-no-ends.json",
        "every-other-follow-up.json",
        "back-and-change.json",
      ]),
    );
  });
});

for (const [file, golden] of transcripts) {
  describe(`${golden.name} (${file})`, () => {
    it("meets the expected prompt at every step and ends as expected", () => {
      expect(replay(golden).ended).toBe(golden.completed);
    });

    it("stores exactly the expected answers once every clear is applied", () => {
      expect(Object.fromEntries(replay(golden).answers)).toEqual(golden.answers);
    });

    it(`stores ${golden.prompts} variables, all of them prompts of the survey`, () => {
      const { answers } = replay(golden);
      expect(answers.size).toBe(golden.prompts);
      for (const id of answers.keys()) expect(every).toContain(id);
    });
  });
}

describe("what the golden runs cover", () => {
  it("meets each of the 47 unconditional prompts once in the full run without Other", () => {
    expect(replay(transcript("full-run-no-other.json")).visited).toEqual(unconditional);
  });

  it("meets all 53 prompts in order in the run that uses every Other follow-up", () => {
    expect(replay(transcript("every-other-follow-up.json")).visited).toEqual(every);
  });

  it("stops at q21 when mentoring is answered no, with no q22 row met", () => {
    const { visited } = replay(transcript("mentoring-no-ends.json"));
    expect(visited).toHaveLength(41);
    expect(visited.at(-1)).toBe("q21");
    expect(visited.some((id) => id.startsWith("q22"))).toBe(false);
  });

  it("leaves no q5_other and no q22 answer after the changes made going back", () => {
    const { answers } = replay(transcript("back-and-change.json"));
    expect(answers.get("q5")).toBe("teacher");
    expect(answers.has("q5_other")).toBe(false);
    expect(answers.get("q21")).toBe("no");
    expect([...answers.keys()].filter((id) => id.startsWith("q22"))).toEqual([]);
  });
});
