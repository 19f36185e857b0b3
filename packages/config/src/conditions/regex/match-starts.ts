/**
 * Where matches of a parsed pattern's nodes can start: whether a node can match the empty string,
 * and the characters a match can start with (or, read backwards, end with). Shared by the safety
 * rules and the step estimate; memoized per node.
 * @module
 */
import { EMPTY, union, type CharSet } from "./charset.ts";
import type { RegexNode } from "./parse.ts";

/** Memoized nullability and first-character sets of the nodes of one pattern. */
export class MatchStarts {
  private readonly nullableMemo = new Map<RegexNode, boolean>();
  private readonly firstMemo = [new Map<RegexNode, CharSet>(), new Map<RegexNode, CharSet>()] as const;

  /** True when `node` can match the empty string (assertions and lookarounds always can). */
  nullable(node: RegexNode): boolean {
    const memo = this.nullableMemo.get(node);
    if (memo !== undefined) return memo;
    let result: boolean;
    switch (node.type) {
      case "char":
        result = false;
        break;
      case "seq":
        result = node.items.every((item) => this.nullable(item));
        break;
      case "alt":
        result = node.options.some((option) => this.nullable(option));
        break;
      case "repeat":
        result = node.min === 0 || this.nullable(node.body);
        break;
      default:
        result = true;
    }
    this.nullableMemo.set(node, result);
    return result;
  }

  /** The characters a match of `node` can start with, or, with `backward`, end with. */
  first(node: RegexNode, backward = false): CharSet {
    const memo = this.firstMemo[backward ? 1 : 0];
    const known = memo.get(node);
    if (known !== undefined) return known;
    let result: CharSet = EMPTY;
    switch (node.type) {
      case "char":
        result = node.set;
        break;
      case "seq":
        for (const item of backward ? [...node.items].reverse() : node.items) {
          result = union(result, this.first(item, backward));
          if (!this.nullable(item)) break;
        }
        break;
      case "alt":
        for (const option of node.options) result = union(result, this.first(option, backward));
        break;
      case "repeat":
        result = node.max === 0 ? EMPTY : this.first(node.body, backward);
        break;
      default:
        break;
    }
    memo.set(node, result);
    return result;
  }
}
