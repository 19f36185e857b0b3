import { describe, expect, it } from "vitest";
import { createProgress, progressLine } from "../../src/progress.ts";
import type { TextStream } from "../../src/output.ts";

function stream(isTTY: boolean): TextStream & { written: string } {
  const out = { written: "", isTTY, columns: 100, write: (chunk: string) => ((out.written += chunk), true) };
  return out;
}

describe("progress bar", () => {
  it("draws on a terminal after the delay and erases itself", () => {
    const tty = stream(true);
    let now = 0;
    const progress = createProgress(tty, { label: "simulating", total: 1000, now: () => now, delay: 300 });
    for (let i = 1; i <= 256; i++) progress.update(i);
    expect(tty.written).toBe("");
    now = 500;
    for (let i = 257; i <= 512; i++) progress.update(i);
    expect(tty.written).toContain("simulating [");
    expect(tty.written).toContain(" 51% 512/1,000 units");
    progress.finish();
    expect(tty.written.endsWith("\r\u001b[K")).toBe(true);
  });

  it("stays silent when stderr is a pipe or a dumb terminal", () => {
    const pipe = stream(false);
    const progress = createProgress(pipe, { label: "simulating", total: 10, now: () => 10_000, delay: 0 });
    for (let i = 1; i <= 10; i++) progress.update(i);
    progress.finish();
    expect(pipe.written).toBe("");
    const dumb = stream(true);
    const quiet = createProgress(dumb, { label: "simulating", total: 10, now: () => 10_000, delay: 0, env: { TERM: "dumb" } });
    quiet.update(10);
    expect(dumb.written).toBe("");
  });

  it("shows the rate when the total is unknown", () => {
    expect(progressLine("simulating", 5000, undefined, 1000, 80)).toBe("simulating 5,000 units · 5,000/s");
  });
});
