/**
 * An upper bound on the work of `RegExp.prototype.test`: the number of pattern nodes a
 * backtracking matcher enters (a character test, an assertion, a group, a lookaround, one try of
 * an alternation or a repetition) while it tries every way to match, as it does when a match fails.
 *
 * Each part of the pattern is summarised by how it multiplies the cost of whatever follows it
 * (the continuation): it calls the continuation some number of times ("ways"), and on some of them
 * ("live") the next character may be one the continuation can start with. On the others the
 * continuation fails before consuming anything, which is cheap. So `.*` followed by `a` calls `a`
 * once per split point, each a single test; `.*` followed by `.*a` pays for all of `.*a` per split
 * point: the choices of parts that can match the same characters as what follows them multiply.
 * Counts are polynomials in the number of characters available, so bounded repetitions
 * (`a{0,15}`: 16 ways) and unbounded ones (`a*`: one way per character) are handled alike.
 *
 * A repetition whose body is decided by the next character (rule 1 of `safety.ts`, which must hold
 * for every repetition matched forwards) follows a single chain of iterations over disjoint
 * stretches of the string, so the work of all its iterations adds up to the work of one body over
 * the whole string plus a constant per iteration (superadditivity of the polynomials): `(\.\d+)+`
 * is linear, not quadratic. Inside lookbehinds (matched backwards) repetitions are bounded
 * iteration by iteration instead. A lookaround's inside is a search of its own, paid in full
 * every time the lookaround is tried.
 * @module
 */
import { complement, EMPTY, intersects, LINE_TERMINATORS, union, type CharSet } from "./charset.ts";
import { MatchStarts } from "./match-starts.ts";
import type { RegexNode } from "./parse.ts";
import { atLeast, constant, lessOne, ONE, plus, sumOver, times, valueAt, X, ZERO, type Polynomial } from "./polynomial.ts";

/** The bound on a whole search, and the parts that make it large. */
export interface StepEstimate {
  /** At most this many steps, over every start position `RegExp.prototype.test` tries. */
  readonly steps: number;
  /** The repetitions and alternations whose choices overlap what follows them, in pattern order. */
  readonly ambiguous: readonly RegexNode[];
  /** How start positions were counted: `anywhere`, `start` (a leading `^`) or `line-start` (a leading `^` with `m`). */
  readonly starts: "anywhere" | "start" | "line-start";
}

/** The flags that decide where a match may start. */
export interface SearchFlags {
  /** `m`: `^` matches after every line terminator too. */
  readonly multiline: boolean;
}

/**
 * Bounds the steps of `new RegExp(source, flags).test(text)` for every `text` of at most `length`
 * UTF-16 units, for a parsed pattern that passed rule 1 of `safety.ts`. A leading `^` limits the
 * attempts to the start; with `m`, to line starts, which only helps when no part of the pattern
 * can match a line terminator (each attempt then stays within its line).
 */
export function estimateSearchSteps(root: RegexNode, source: string, flags: SearchFlags, length: number): StepEstimate {
  const estimator = new Estimator(source, length);
  // After the whole pattern comes success: it costs nothing and never fails.
  const attempt = estimator.transfer(root, EMPTY, false).steps;
  const ambiguous = [...estimator.ambiguous].sort((a, b) => a.start - b.start);
  const starts = length + 1;
  if (!startsAnchored(root, source)) return { steps: valueAt(times(constant(starts), attempt), length), ambiguous, starts: "anywhere" };
  const refused = length * anchorFailSteps(root);
  if (!flags.multiline) return { steps: valueAt(attempt, length) + refused, ambiguous, starts: "start" };
  if (matchesLineTerminator(root)) return { steps: valueAt(times(constant(starts), attempt), length), ambiguous, starts: "anywhere" };
  // Lines of lengths ℓ₁…ℓₖ (k ≤ length + 1, Σℓᵢ ≤ length) cost Σ attempt(ℓᵢ) ≤ sumOver(attempt, k)(length).
  return { steps: valueAt(sumOver(attempt, constant(starts)), length) + refused, ambiguous, starts: "line-start" };
}

/**
 * How a part X of a pattern costs when followed by a continuation K that costs `K.cost` steps from
 * any position and `K.fail` steps at a position whose character it cannot start with:
 * X then K costs at most `live·K.cost + (ways − live)·K.fail + steps`, and at a position whose
 * character X then K cannot start with, at most `emptyWays·K.fail + emptySteps`. Each number is
 * a polynomial in the characters X may consume (see `polynomial.ts`); `ways ≥ live` coefficient-wise.
 */
interface Transfer {
  /** Continuation calls where the next character may be one the continuation consumes. */
  readonly live: Polynomial;
  /** All continuation calls. */
  readonly ways: Polynomial;
  /** Steps of X itself over all its ways. */
  readonly steps: Polynomial;
  /** Continuation calls of the ways that consume nothing. */
  readonly emptyWays: Polynomial;
  /** Steps of X itself when it consumes nothing. */
  readonly emptySteps: Polynomial;
  /** The characters X then K can start with (a superset). */
  readonly first: CharSet;
}

/** A part that enters one node and then calls the continuation once, at the same position. */
function passThrough(steps: Polynomial, next: CharSet): Transfer {
  return { live: ONE, ways: ONE, steps, emptyWays: ONE, emptySteps: steps, first: next };
}

/** The cost of one alternative at one next character: `live·C + (ways − live)·F + steps`. */
interface Cost {
  readonly live: Polynomial;
  readonly ways: Polynomial;
  readonly steps: Polynomial;
}

/** A bound on both costs (C ≥ F, so the larger `live` and the larger `ways` together bound either). */
function worse(a: Cost, b: Cost): Cost {
  return { live: atLeast(a.live, b.live), ways: atLeast(a.ways, b.ways), steps: atLeast(a.steps, b.steps) };
}

class Estimator extends MatchStarts {
  readonly ambiguous = new Set<RegexNode>();

  constructor(
    private readonly source: string,
    private readonly length: number,
  ) {
    super();
  }

  /** The summary of `node` followed by a continuation that starts with a character of `next`; `backward` inside lookbehinds. */
  transfer(node: RegexNode, next: CharSet, backward: boolean): Transfer {
    switch (node.type) {
      case "char":
        return { live: ONE, ways: ONE, steps: ONE, emptyWays: ZERO, emptySteps: ONE, first: node.set };
      case "empty":
      case "assert":
        return passThrough(ONE, next);
      case "look": {
        // The inside is a search of its own (atomic, in its own direction), however far it reads:
        // a constant here, paid every time the lookaround is tried.
        const inside = valueAt(this.transfer(node.body, EMPTY, this.isLookbehind(node)).steps, this.length);
        return passThrough(constant(1 + inside), next);
      }
      case "seq":
        return this.sequence(node.items, next, backward);
      case "alt":
        return this.alternation(node, next, backward);
      case "repeat":
        if (node.max <= 1) return this.optional(node, next, backward);
        return backward ? this.repetitionByIteration(node, next) : this.repetitionChain(node, next);
    }
  }

  private isLookbehind(node: RegexNode): boolean {
    return this.source.startsWith("(?<=", node.start) || this.source.startsWith("(?<!", node.start);
  }

  private sequence(items: readonly RegexNode[], next: CharSet, backward: boolean): Transfer {
    // Fold from the part matched last, starting with "just the continuation".
    const order = backward ? items : [...items].reverse();
    let acc: Transfer = { live: ONE, ways: ONE, steps: ZERO, emptyWays: ONE, emptySteps: ZERO, first: next };
    for (const item of order) acc = compose(this.transfer(item, acc.first, backward), acc);
    return { ...acc, steps: plus(acc.steps, ONE), emptySteps: plus(acc.emptySteps, ONE) };
  }

  private alternation(node: Extract<RegexNode, { type: "alt" }>, next: CharSet, backward: boolean): Transfer {
    const options = node.options.map((option) => this.transfer(option, next, backward));
    // An option whose first characters do not include the next one costs its empty cost; the
    // others may cost in full. Take the worst next character, and the end of the string.
    let emptyWays = ZERO;
    let emptySteps = ZERO;
    for (const option of options) {
      emptyWays = plus(emptyWays, option.emptyWays);
      emptySteps = plus(emptySteps, option.emptySteps);
    }
    let cost: Cost = { live: ZERO, ways: emptyWays, steps: emptySteps };
    let overlap = false;
    for (const code of atomStarts(options.map((option) => option.first))) {
      let atom: Cost = { live: ZERO, ways: ZERO, steps: ZERO };
      let members = 0;
      for (const option of options) {
        if (contains(option.first, code)) {
          members++;
          atom = { live: plus(atom.live, option.live), ways: plus(atom.ways, option.ways), steps: plus(atom.steps, option.steps) };
        } else {
          atom = { live: atom.live, ways: plus(atom.ways, option.emptyWays), steps: plus(atom.steps, option.emptySteps) };
        }
      }
      if (members > 1) overlap = true;
      cost = worse(cost, atom);
    }
    if (overlap) this.ambiguous.add(node);
    let first: CharSet = EMPTY;
    for (const option of options) first = union(first, option.first);
    return {
      live: cost.live,
      ways: atLeast(cost.ways, cost.live),
      steps: plus(cost.steps, ONE),
      emptyWays,
      emptySteps: plus(emptySteps, ONE),
      first,
    };
  }

  /** `x?`, `x{0,1}`, `x{1}`, `x{0}`: at most one iteration, then the continuation. */
  private optional(node: Extract<RegexNode, { type: "repeat" }>, next: CharSet, backward: boolean): Transfer {
    if (node.max === 0) return passThrough(ONE, next);
    const body = this.transfer(node.body, next, backward);
    const taken = { live: body.live, ways: body.ways, steps: body.steps };
    const failed = { live: ZERO, ways: body.emptyWays, steps: body.emptySteps };
    let cost: Cost;
    if (node.min === 1) cost = worse(taken, failed);
    else {
      // The body (in full, or failing at once), then the continuation at the same position (live or not).
      const continued = (part: Cost, live: boolean): Cost => ({
        live: live ? plus(part.live, ONE) : part.live,
        ways: plus(part.ways, ONE),
        steps: part.steps,
      });
      cost = continued(failed, false);
      if (intersects(body.first, next)) {
        cost = worse(cost, continued(taken, true));
        this.ambiguous.add(node);
      }
      if (intersects(body.first, complement(next))) cost = worse(cost, continued(taken, false));
      if (intersects(next, complement(body.first))) cost = worse(cost, continued(failed, true));
    }
    const first = node.min === 1 ? body.first : union(body.first, next);
    return {
      live: cost.live,
      ways: atLeast(cost.ways, cost.live),
      steps: plus(cost.steps, ONE),
      emptyWays: node.min === 1 ? body.emptyWays : plus(body.emptyWays, ONE),
      emptySteps: plus(body.emptySteps, ONE),
      first,
    };
  }

  /** The most iterations of a repetition whose body consumes at least one character each time: a constant, or x. */
  private iterations(node: Extract<RegexNode, { type: "repeat" }>): Polynomial {
    return node.max <= this.length ? constant(node.max) : X;
  }

  /**
   * A repetition matched forwards, whose body rule 1 made deterministic: from one entry, every
   * choice inside an iteration is decided by the next character, so at most one way of each
   * iteration goes on to another iteration (the one whose next character the body can start with),
   * and the iterations' explorations cover disjoint stretches of the string. The other ways of each
   * iteration find the body failing at once and call the continuation.
   */
  private repetitionChain(node: Extract<RegexNode, { type: "repeat" }>, next: CharSet): Transfer {
    const bodyFirst = this.first(node.body, false);
    const body = this.transfer(node.body, union(bodyFirst, next), false);
    const levels = this.iterations(node);
    const tries = plus(levels, ONE); // body explorations along the chain, the last one failing
    // Each iteration on the chain calls the continuation once; its other ways (all of them, on the
    // last) lead to a try of the body that fails at once, then to the continuation.
    const otherWays = plus(sumOver(lessOne(body.ways), tries), ONE);
    const ways = plus(tries, otherWays);
    // Where the chain goes on, the next character starts another iteration, so the continuation
    // may start there too only when their first characters overlap. On the last iteration either
    // the body fails (one live call) or its ways are the body's live ones.
    const both = intersects(bodyFirst, next);
    if (both) this.ambiguous.add(node);
    const live = plus(both ? tries : ONE, sumOver(lessOne(body.live), tries));
    const steps = plus(plus(ONE, sumOver(body.steps, tries)), times(otherWays, body.emptySteps));
    const optional = node.min === 0;
    return {
      live,
      ways: atLeast(ways, live),
      steps,
      emptyWays: optional ? ONE : ZERO,
      emptySteps: plus(ONE, body.emptySteps),
      first: optional ? union(body.first, next) : body.first,
    };
  }

  /**
   * A repetition matched backwards (in a lookbehind), bounded iteration by iteration: R(c), the
   * rest after c iterations, is the body then R(c + 1), or else the continuation. Evaluated as
   * numbers at the full length, as a constant.
   */
  private repetitionByIteration(node: Extract<RegexNode, { type: "repeat" }>, next: CharSet): Transfer {
    const nullable = this.nullable(node.body);
    const transfer = this.transfer(node.body, union(this.first(node.body, true), next), true);
    const at = (p: Polynomial) => valueAt(p, this.length);
    const body = {
      live: at(transfer.live),
      dead: Math.max(0, at(transfer.ways) - at(transfer.live)),
      steps: at(transfer.steps),
      emptyWays: at(transfer.emptyWays),
      emptySteps: at(transfer.emptySteps),
    };
    // Every iteration past the minimum consumes a character (JavaScript refuses empty ones).
    const most = Math.min(node.max, nullable ? node.min + this.length : this.length);
    const both = intersects(transfer.first, next);
    const bodyOnly = intersects(transfer.first, complement(next));
    const nextOnly = intersects(next, complement(transfer.first));
    if (both && node.max > node.min) this.ambiguous.add(node);
    // [live, ways, steps, emptyWays, emptySteps] of R(c), from the top down.
    let r: [number, number, number, number, number];
    if (most === node.max) r = [1, 1, 0, 1, 0];
    else {
      const k = most >= node.min ? 1 : 0; // out of characters: one more try of the body consumes nothing
      r = [k, k, body.emptySteps, k, body.emptySteps];
    }
    const add = (a: number, b: number) => Math.min(a + b, 1e300);
    const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : Math.min(a * b, 1e300));
    for (let c = most - 1; c >= 0; c--) {
      const [l, w, s, ew, es] = r;
      const xl = mul(body.live, l);
      const xw = add(mul(body.live, w), mul(body.dead, ew));
      const xs = add(add(mul(body.live, s), mul(body.dead, es)), body.steps);
      const xew = mul(body.emptyWays, ew);
      const xes = add(mul(body.emptyWays, es), body.emptySteps);
      if (c < node.min) {
        r = [xl, Math.max(xw, xew), Math.max(xs, xes), xew, xes];
        continue;
      }
      let [nl, nw, ns] = [0, add(xew, 1), xes];
      if (both) [nl, nw, ns] = [add(xl, 1), Math.max(nw, add(xw, 1)), Math.max(ns, xs)];
      if (bodyOnly) [nl, nw, ns] = [Math.max(nl, xl), Math.max(nw, add(xw, 1)), Math.max(ns, xs)];
      if (nextOnly) nl = Math.max(nl, 1);
      r = [nl, Math.max(nw, nl), ns, add(xew, 1), xes];
    }
    const [l, w, s, ew, es] = r;
    return {
      live: constant(l),
      ways: constant(w),
      steps: constant(s + 1),
      emptyWays: constant(ew),
      emptySteps: constant(es + 1),
      first: node.min > 0 ? transfer.first : union(transfer.first, next),
    };
  }
}

/** X then (Y then K), as a summary of (X then Y) in terms of K. */
function compose(x: Transfer, y: Transfer): Transfer {
  const xDead = minus(x.ways, x.live);
  return {
    live: times(x.live, y.live),
    ways: plus(times(x.live, y.ways), times(xDead, y.emptyWays)),
    steps: plus(plus(times(x.live, y.steps), times(xDead, y.emptySteps)), x.steps),
    emptyWays: times(x.emptyWays, y.emptyWays),
    emptySteps: plus(times(x.emptyWays, y.emptySteps), x.emptySteps),
    first: x.first,
  };
}

/** `a − b` for `a ≥ b` coefficient-wise. */
function minus(a: Polynomial, b: Polynomial): Polynomial {
  return a.map((c, i) => Math.max(0, c - (b[i] ?? 0)));
}

/** The first code unit of every maximal run of code units that belongs to the same sets. */
function atomStarts(sets: readonly CharSet[]): number[] {
  const points = new Set<number>();
  for (const set of sets) {
    for (let i = 0; i < set.length; i += 2) {
      points.add(set[i]!);
      points.add(set[i + 1]! + 1);
    }
  }
  return [...points].sort((a, b) => a - b);
}

/** True when `set` holds `code`. */
function contains(set: CharSet, code: number): boolean {
  let lo = 0;
  let hi = set.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (code < set[mid * 2]!) hi = mid - 1;
    else if (code > set[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** True when every match must start where `^` matches. */
function startsAnchored(node: RegexNode, source: string): boolean {
  if (node.type === "assert") return source.slice(node.start, node.end) === "^";
  if (node.type === "seq") return node.items.length > 0 && startsAnchored(node.items[0]!, source);
  if (node.type === "alt") return node.options.every((option) => startsAnchored(option, source));
  return false;
}

/** The steps of an attempt that fails at the leading `^` (of every alternative). */
function anchorFailSteps(node: RegexNode): number {
  if (node.type === "seq") return 1 + anchorFailSteps(node.items[0]!);
  if (node.type === "alt") return node.options.reduce((sum, option) => sum + anchorFailSteps(option), 1);
  return 1;
}

/** True when some part of `node` (lookarounds included) can match a line terminator. */
function matchesLineTerminator(node: RegexNode): boolean {
  switch (node.type) {
    case "char":
      return intersects(node.set, LINE_TERMINATORS);
    case "seq":
      return node.items.some(matchesLineTerminator);
    case "alt":
      return node.options.some(matchesLineTerminator);
    case "repeat":
    case "look":
      return matchesLineTerminator(node.body);
    default:
      return false;
  }
}
