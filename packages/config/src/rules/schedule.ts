/**
 * Schedules and stop times: real calendar instants, and a schedule ends after it starts.
 * @module
 */
import { child } from "../pointer.ts";
import { hasTimestampShape, parseTimestamp } from "../timestamp.ts";
import { walkConfig } from "../walk.ts";
import { isRecord, str, type RuleContext } from "./context.ts";

/** Reports impossible dates and schedules that end before (or when) they start. */
export function schedules({ config, out }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      const read = (value: unknown, at: string): number | undefined => {
        const text = str(value);
        if (text === undefined) return undefined;
        const ms = parseTimestamp(text);
        // A malformed string is a shape problem; a well-formed impossible date is this rule's.
        if (ms === undefined && hasTimestampShape(text)) {
          out.error(at, "invalid-date", `${JSON.stringify(text)} is not a real date and time — check the month, day, hour and minute`);
        }
        return ms;
      };
      read(experiment.stoppedAt, child(pointer, "stoppedAt"));
      if (!isRecord(experiment.schedule)) return;
      const at = child(pointer, "schedule");
      const start = read(experiment.schedule.start, child(at, "start"));
      const end = read(experiment.schedule.end, child(at, "end"));
      if (start !== undefined && end !== undefined && end <= start) {
        out.error(
          child(at, "end"),
          "schedule-order",
          `the schedule ends (${String(experiment.schedule.end)}) ${end === start ? "when" : "before"} it starts (${String(experiment.schedule.start)}) — the end must come after the start`,
        );
      }
    },
  });
}
