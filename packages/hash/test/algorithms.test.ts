import { describe, expect, it } from "vitest";
import { fnv1a32, fnv1a32Utf16, md5, murmur3x86_32, sha1, sha256, toHex, utf8 } from "../src/index.ts";

// Canonical MurmurHash3 x86_32 verification values (SMHasher reference implementation).
const murmurCases: Array<[string | number[], number, number]> = [
  ["", 0, 0x00000000],
  ["", 1, 0x514e28b7],
  ["", 0xffffffff, 0x81f16f39],
  [[0, 0, 0, 0], 0, 0x2362f9de],
  [[0xff, 0xff, 0xff, 0xff], 0, 0x76293b50],
  [[0x21, 0x43, 0x65, 0x87], 0, 0xf55b516b],
  [[0x21, 0x43, 0x65, 0x87], 0x5082edee, 0x2362f9de],
  [[0x21, 0x43, 0x65], 0, 0x7e4a8634],
  [[0x21, 0x43], 0, 0xa0f7b07a],
  [[0x21], 0, 0x72661cf4],
  ["aaaa", 0x9747b28c, 0x5a97808a],
  ["Hello, world!", 0x9747b28c, 0x24884cba],
  ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
];

describe("raw algorithms", () => {
  it.each(murmurCases)("murmur3x86_32(%j, seed %d)", (input, seed, expected) => {
    const bytes = typeof input === "string" ? utf8(input) : Uint8Array.from(input);
    expect(murmur3x86_32(bytes, seed)).toBe(expected);
  });

  it("MD5 matches RFC 1321 appendix A.5", () => {
    const rfc: Array<[string, string]> = [
      ["", "d41d8cd98f00b204e9800998ecf8427e"],
      ["a", "0cc175b9c0f1b6a831c399e269772661"],
      ["abc", "900150983cd24fb0d6963f7d28e17f72"],
      ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
      ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
    ];
    for (const [text, hex] of rfc) expect(toHex(md5(utf8(text)))).toBe(hex);
  });

  it("SHA-1 and SHA-256 match FIPS 180 examples", () => {
    expect(toHex(sha1(utf8("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(toHex(sha256(utf8("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(toHex(sha256(utf8("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("FNV-1a 32 matches the reference values", () => {
    expect(fnv1a32(utf8(""))).toBe(0x811c9dc5);
    expect(fnv1a32(utf8("a"))).toBe(0xe40c292c);
    expect(fnv1a32(utf8("foobar"))).toBe(0xbf9cf968);
    expect(fnv1a32Utf16("foobar")).toBe(0xbf9cf968);
  });

  it("FNV-1a over UTF-16 code units differs from UTF-8 bytes outside ASCII", () => {
    expect(fnv1a32Utf16("é")).not.toBe(fnv1a32(utf8("é")));
  });
});
