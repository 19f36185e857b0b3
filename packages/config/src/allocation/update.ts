/**
 * Immutable updates of a (frozen) config: copy the objects and arrays along one path, share
 * everything else.
 * @module
 */

/** `root` with the value at `tokens` replaced by `update(old)`; the input is not modified. */
export function updateAt<T>(root: T, tokens: readonly (string | number)[], update: (value: unknown) => unknown): T {
  return step(root, tokens, 0, update) as T;
}

function step(node: unknown, tokens: readonly (string | number)[], index: number, update: (value: unknown) => unknown): unknown {
  if (index === tokens.length) return update(node);
  const token = tokens[index]!;
  if (Array.isArray(node)) {
    const copy = [...node];
    const at = Number(token);
    copy[at] = step(node[at], tokens, index + 1, update);
    return copy;
  }
  const object = node as Record<string, unknown>;
  return { ...object, [token]: step(object[String(token)], tokens, index + 1, update) };
}
