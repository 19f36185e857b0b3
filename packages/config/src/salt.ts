/**
 * Effective salts: what the hash of a layer or an experiment is keyed with.
 * @module
 */

/** The salt a layer or experiment hashes with: its `salt`, or else its `id`. */
export function effectiveSalt(node: { readonly id: string; readonly salt?: string | undefined }): string {
  return node.salt ?? node.id;
}
