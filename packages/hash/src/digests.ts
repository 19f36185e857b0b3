/**
 * MD5, SHA-1 and SHA-256 through @noble/hashes (audited, pure JS, runtime-neutral).
 * @module
 */
import { md5 as nobleMd5, sha1 as nobleSha1 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** A function from bytes to a digest. */
export type Digest = (bytes: Uint8Array) => Uint8Array;

/** MD5 digest (16 bytes) of `bytes`. */
export const md5: Digest = (bytes) => nobleMd5(bytes);
/** SHA-1 digest (20 bytes) of `bytes`. */
export const sha1: Digest = (bytes) => nobleSha1(bytes);
/** SHA-256 digest (32 bytes) of `bytes`. */
export const sha256: Digest = (bytes) => nobleSha256(bytes);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lower-case hexadecimal of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}
