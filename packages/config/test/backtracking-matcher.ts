/**
 * A tiny backtracking matcher over the parsed `$regex` subset, for tests: it explores the same
 * tree of choices as JavaScript's matcher (greedy repetitions, alternatives left to right,
 * JavaScript's refusal of empty iterations past the minimum, atomic lookarounds, lookbehinds read
 * backwards) and counts the pattern nodes it enters, which is what `step-estimate.ts` bounds.
 * It runs a compiled program with an explicit backtracking stack, so long strings cannot
 * overflow the call stack.
 * @module
 */
import type { CharSet } from "../src/conditions/regex/charset.ts";
import { parseRegex, type RegexNode } from "../src/conditions/regex/parse.ts";

/** Thrown when the count passes the given limit. */
export class StepLimitExceeded extends Error {}

/** What `searchSteps` found. */
export interface SearchResult {
  /** Whether `test` would return true. */
  readonly matched: boolean;
  /** Nodes entered, over every start position tried. */
  readonly steps: number;
}

/** Runs `new RegExp(pattern, options).test(text)` step by step; throws `StepLimitExceeded` past `limit` steps. */
export function searchSteps(pattern: string, options: string, text: string, limit = Infinity): SearchResult {
  const parsed = parseRegex(pattern, { ignoreCase: options.includes("i"), dotAll: options.includes("s") });
  if (!parsed.ok) throw new Error(`not a pattern: ${parsed.message}`);
  const compiler = new Compiler(pattern);
  const program = compiler.program(parsed.node, 1);
  const machine = new Machine(text, options.includes("m"), limit, compiler.slots);
  for (let start = 0; start <= text.length; start++) {
    if (machine.run(program, start)) return { matched: true, steps: machine.steps };
  }
  return { matched: false, steps: machine.steps };
}

type Instruction =
  | { readonly op: "step" } // entering a group, alternation, repetition or empty part
  | { readonly op: "char"; readonly set: CharSet; readonly direction: 1 | -1 } // entering a character test
  | { readonly op: "assert"; readonly kind: string } // entering ^ $ \b \B
  | { readonly op: "look"; readonly body: Instruction[]; readonly negative: boolean } // entering a lookaround
  | { op: "split"; next: number } // go on, and on failure resume at `next`
  | { op: "jump"; to: number }
  | { readonly op: "repeat-start"; readonly slot: number }
  | { op: "repeat-loop"; readonly slot: number; readonly min: number; readonly max: number; exit: number }
  | { op: "repeat-end"; readonly slot: number; readonly min: number; loop: number }
  | { readonly op: "match" };

class Compiler {
  slots = 0;

  constructor(private readonly source: string) {}

  program(node: RegexNode, direction: 1 | -1): Instruction[] {
    const code: Instruction[] = [];
    this.emit(node, direction, code);
    code.push({ op: "match" });
    return code;
  }

  private emit(node: RegexNode, direction: 1 | -1, code: Instruction[]): void {
    switch (node.type) {
      case "empty":
        code.push({ op: "step" });
        return;
      case "char":
        code.push({ op: "char", set: node.set, direction });
        return;
      case "assert":
        code.push({ op: "assert", kind: this.source.slice(node.start, node.end) });
        return;
      case "look": {
        const head = this.source.slice(node.start, node.start + 4);
        const behind = head.startsWith("(?<");
        code.push({ op: "look", body: this.program(node.body, behind ? -1 : 1), negative: head.startsWith("(?!") || head === "(?<!" });
        return;
      }
      case "seq":
        code.push({ op: "step" });
        for (const item of direction === 1 ? node.items : [...node.items].reverse()) this.emit(item, direction, code);
        return;
      case "alt": {
        code.push({ op: "step" });
        const jumps: { op: "jump"; to: number }[] = [];
        node.options.forEach((option, index) => {
          const split = index < node.options.length - 1 ? { op: "split" as const, next: 0 } : undefined;
          if (split !== undefined) code.push(split);
          this.emit(option, direction, code);
          if (split !== undefined) {
            const jump = { op: "jump" as const, to: 0 };
            jumps.push(jump);
            code.push(jump);
            split.next = code.length;
          }
        });
        for (const jump of jumps) jump.to = code.length;
        return;
      }
      case "repeat": {
        const slot = this.slots++;
        code.push({ op: "step" }, { op: "repeat-start", slot });
        const loop = { op: "repeat-loop" as const, slot, min: node.min, max: node.max, exit: 0 };
        const loopAt = code.length;
        code.push(loop);
        this.emit(node.body, direction, code);
        code.push({ op: "repeat-end", slot, min: node.min, loop: loopAt });
        loop.exit = code.length;
        return;
      }
    }
  }
}

const WORD = /[A-Za-z0-9_]/;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

class Machine {
  steps = 0;
  private readonly counts: Int32Array;
  private readonly starts: Int32Array;

  constructor(
    private readonly text: string,
    private readonly multiline: boolean,
    private readonly limit: number,
    slots: number,
  ) {
    this.counts = new Int32Array(slots);
    this.starts = new Int32Array(slots);
  }

  /** Runs `code` from `position` until it matches (true) or every choice failed (false). */
  run(code: readonly Instruction[], position: number): boolean {
    // Choice points: [pc, position, trail length]; the trail undoes counter changes when backtracking.
    const choices: number[] = [];
    const trail: number[] = [];
    let pc = 0;
    let at = position;
    const set = (array: Int32Array, kind: number, slot: number, value: number) => {
      trail.push(kind, slot, array[slot]!);
      array[slot] = value;
    };
    for (;;) {
      const instruction = code[pc]!;
      let ok = true;
      switch (instruction.op) {
        case "step":
          this.count();
          pc++;
          break;
        case "char": {
          this.count();
          const index = instruction.direction === 1 ? at : at - 1;
          ok = index >= 0 && index < this.text.length && has(instruction.set, this.text.charCodeAt(index));
          if (ok) [at, pc] = [at + instruction.direction, pc + 1];
          break;
        }
        case "assert":
          this.count();
          ok = this.holds(instruction.kind, at);
          pc++;
          break;
        case "look": {
          this.count();
          const saved = [this.counts.slice(), this.starts.slice()] as const;
          const found = this.run(instruction.body, at);
          this.counts.set(saved[0]);
          this.starts.set(saved[1]);
          ok = found !== instruction.negative;
          pc++;
          break;
        }
        case "split":
          choices.push(instruction.next, at, trail.length);
          pc++;
          break;
        case "jump":
          pc = instruction.to;
          break;
        case "repeat-start":
          set(this.counts, 0, instruction.slot, 0);
          pc++;
          break;
        case "repeat-loop": {
          const count = this.counts[instruction.slot]!;
          if (count >= instruction.max) pc = instruction.exit;
          else {
            // Greedy: try another iteration first, the rest of the pattern after it.
            if (count >= instruction.min) choices.push(instruction.exit, at, trail.length);
            set(this.starts, 1, instruction.slot, at);
            pc++;
          }
          break;
        }
        case "repeat-end": {
          const count = this.counts[instruction.slot]!;
          // JavaScript refuses an empty iteration once the minimum is reached.
          ok = !(at === this.starts[instruction.slot] && count >= instruction.min);
          if (ok) {
            set(this.counts, 0, instruction.slot, count + 1);
            pc = instruction.loop;
          }
          break;
        }
        case "match":
          return true;
      }
      if (ok) continue;
      if (choices.length === 0) return false;
      const undoTo = choices.pop()!;
      at = choices.pop()!;
      pc = choices.pop()!;
      while (trail.length > undoTo) {
        const value = trail.pop()!;
        const slot = trail.pop()!;
        (trail.pop() === 0 ? this.counts : this.starts)[slot] = value;
      }
    }
  }

  private count(): void {
    if (++this.steps > this.limit) throw new StepLimitExceeded(`more than ${this.limit} steps`);
  }

  private holds(assertion: string, position: number): boolean {
    const before = position > 0 ? this.text[position - 1]! : "";
    const after = position < this.text.length ? this.text[position]! : "";
    switch (assertion) {
      case "^":
        return position === 0 || (this.multiline && LINE_TERMINATOR.test(before));
      case "$":
        return position === this.text.length || (this.multiline && LINE_TERMINATOR.test(after));
      case "\\b":
        return WORD.test(before) !== WORD.test(after);
      default: // \B
        return WORD.test(before) === WORD.test(after);
    }
  }
}

function has(set: CharSet, code: number): boolean {
  for (let i = 0; i < set.length; i += 2) if (code >= set[i]! && code <= set[i + 1]!) return true;
  return false;
}
