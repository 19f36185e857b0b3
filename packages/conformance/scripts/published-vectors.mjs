/**
 * Published test values, copied from their sources (never computed here). The generator puts
 * them into the vector file as they are, after checking that its own reference
 * implementations reproduce every one of them.
 *
 * Sources:
 * - `murmur3-verification`: the MurmurHash3 x86_32 verification values that conforming
 *   implementations reproduce: the widely circulated table of edge cases (empty input with
 *   seeds 0 / 1 / 0xffffffff, the 21 43 65 87 endianness cases, "aaaa"… and "abcd"… with seed
 *   0x9747b28c, "Hello, world!", "ππππππππ", 256 × "a", "abc", the quick brown fox, "test"),
 *   and the byte-string cases of Bitcoin Core's src/test/hash_tests.cpp (seed 0xFBA4C795 and
 *   the 00 11 22 … series).
 * - `rfc1321`: the MD5 test suite of RFC 1321, appendix A.5.
 * - `fips180`: the SHA-1 and SHA-256 examples of FIPS 180 ("abc", the 448-bit two-block
 *   message, one million × "a").
 * - `fnv-reference`: the FNV-1a 32-bit values of the FNV reference code's test suite
 *   (test_fnv.c): "" and "a" … "foobar".
 * - `rfc3629`: the UTF-8 examples of RFC 3629, section 7.
 * @module
 */

/**
 * @typedef {{ text: string, repeat?: number } | { hex: string, repeat?: number }} ByteSource
 * @typedef {{ input: ByteSource, seed: number, hash: number }} PublishedMurmur3
 * @typedef {{ input: ByteSource, hex: string }} PublishedDigest
 * @typedef {{ text: string, hash: number }} PublishedFnv1a
 * @typedef {{ text: string, hex: string }} PublishedUtf8
 */

/** @type {readonly PublishedMurmur3[]} MurmurHash3 x86_32 verification values. */
export const publishedMurmur3 = [
  { input: { hex: "" }, seed: 0, hash: 0x00000000 },
  { input: { hex: "" }, seed: 1, hash: 0x514e28b7 },
  { input: { hex: "" }, seed: 0xffffffff, hash: 0x81f16f39 },
  { input: { hex: "ffffffff" }, seed: 0, hash: 0x76293b50 },
  { input: { hex: "21436587" }, seed: 0, hash: 0xf55b516b },
  { input: { hex: "21436587" }, seed: 0x5082edee, hash: 0x2362f9de },
  { input: { hex: "214365" }, seed: 0, hash: 0x7e4a8634 },
  { input: { hex: "2143" }, seed: 0, hash: 0xa0f7b07a },
  { input: { hex: "21" }, seed: 0, hash: 0x72661cf4 },
  { input: { hex: "00000000" }, seed: 0, hash: 0x2362f9de },
  { input: { hex: "000000" }, seed: 0, hash: 0x85f0b427 },
  { input: { hex: "0000" }, seed: 0, hash: 0x30f4c306 },
  { input: { hex: "00" }, seed: 0, hash: 0x514e28b7 },
  { input: { text: "aaaa" }, seed: 0x9747b28c, hash: 0x5a97808a },
  { input: { text: "aaa" }, seed: 0x9747b28c, hash: 0x283e0130 },
  { input: { text: "aa" }, seed: 0x9747b28c, hash: 0x5d211726 },
  { input: { text: "a" }, seed: 0x9747b28c, hash: 0x7fa09ea6 },
  { input: { text: "abcd" }, seed: 0x9747b28c, hash: 0xf0478627 },
  { input: { text: "abc" }, seed: 0x9747b28c, hash: 0xc84a62dd },
  { input: { text: "ab" }, seed: 0x9747b28c, hash: 0x74875592 },
  { input: { text: "Hello, world!" }, seed: 0x9747b28c, hash: 0x24884cba },
  { input: { text: "Hello, world!" }, seed: 0, hash: 0xc0363e43 },
  { input: { text: "ππππππππ" }, seed: 0x9747b28c, hash: 0xd58063c1 },
  { input: { text: "a", repeat: 256 }, seed: 0x9747b28c, hash: 0x37405bdc },
  { input: { text: "abc" }, seed: 0, hash: 0xb3dd93fa },
  { input: { text: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" }, seed: 0, hash: 0xee925b90 },
  { input: { text: "The quick brown fox jumps over the lazy dog" }, seed: 0x9747b28c, hash: 0x2fa826cd },
  { input: { text: "The quick brown fox jumps over the lazy dog" }, seed: 0, hash: 0x2e4ff723 },
  { input: { text: "test" }, seed: 0, hash: 0xba6bd213 },
  { input: { text: "test" }, seed: 0x9747b28c, hash: 0x704b81dc },
  // Bitcoin Core, src/test/hash_tests.cpp (the cases not already listed above).
  { input: { hex: "" }, seed: 0xfba4c795, hash: 0x6a396f08 },
  { input: { hex: "00" }, seed: 0xfba4c795, hash: 0xea3f0b17 },
  { input: { hex: "ff" }, seed: 0, hash: 0xfd6cf10d },
  { input: { hex: "0011" }, seed: 0, hash: 0x16c6b7ab },
  { input: { hex: "001122" }, seed: 0, hash: 0x8eb51c3d },
  { input: { hex: "00112233" }, seed: 0, hash: 0xb4471bf8 },
  { input: { hex: "0011223344" }, seed: 0, hash: 0xe2301fa8 },
  { input: { hex: "001122334455" }, seed: 0, hash: 0xfc2e4a15 },
  { input: { hex: "00112233445566" }, seed: 0, hash: 0xb074502c },
  { input: { hex: "0011223344556677" }, seed: 0, hash: 0x8034d2a0 },
  { input: { hex: "001122334455667788" }, seed: 0, hash: 0xb4698def },
];

/** @type {readonly PublishedDigest[]} RFC 1321, appendix A.5. */
export const publishedMd5 = [
  { input: { text: "" }, hex: "d41d8cd98f00b204e9800998ecf8427e" },
  { input: { text: "a" }, hex: "0cc175b9c0f1b6a831c399e269772661" },
  { input: { text: "abc" }, hex: "900150983cd24fb0d6963f7d28e17f72" },
  { input: { text: "message digest" }, hex: "f96b697d7cb7938d525a2f31aaf161d0" },
  { input: { text: "abcdefghijklmnopqrstuvwxyz" }, hex: "c3fcd3d76192e4007dfb496cca67e13b" },
  { input: { text: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" }, hex: "d174ab98d277d9f5a5611c2c9f419d9f" },
  { input: { text: "1234567890", repeat: 8 }, hex: "57edf4a22be3c955ac49da2e2107b67a" },
];

/** @type {readonly PublishedDigest[]} FIPS 180 SHA-1 examples. */
export const publishedSha1 = [
  { input: { text: "abc" }, hex: "a9993e364706816aba3e25717850c26c9cd0d89d" },
  { input: { text: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" }, hex: "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
  { input: { text: "a", repeat: 1000000 }, hex: "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
];

/** @type {readonly PublishedDigest[]} FIPS 180 SHA-256 examples. */
export const publishedSha256 = [
  { input: { text: "abc" }, hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { input: { text: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" }, hex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  { input: { text: "a", repeat: 1000000 }, hex: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
];

/** @type {readonly PublishedFnv1a[]} FNV-1a 32-bit, from the FNV reference test suite (ASCII, so bytes = code units). */
export const publishedFnv1a32 = [
  { text: "", hash: 0x811c9dc5 },
  { text: "a", hash: 0xe40c292c },
  { text: "b", hash: 0xe70c2de5 },
  { text: "c", hash: 0xe60c2c52 },
  { text: "d", hash: 0xe10c2473 },
  { text: "e", hash: 0xe00c22e0 },
  { text: "f", hash: 0xe30c2799 },
  { text: "fo", hash: 0x6222e842 },
  { text: "foo", hash: 0xa9f37ed7 },
  { text: "foob", hash: 0x3f5076ef },
  { text: "fooba", hash: 0x39aaa18a },
  { text: "foobar", hash: 0xbf9cf968 },
];

/** @type {readonly PublishedUtf8[]} RFC 3629, section 7. */
export const publishedUtf8 = [
  { text: "A\u2262\u0391.", hex: "41e289a2ce912e" },
  { text: "\uD55C\uAD6D\uC5B4", hex: "ed959ceab5adec96b4" },
  { text: "\u65E5\u672C\u8A9E", hex: "e697a5e69cace8aa9e" },
  { text: "\uFEFF\u{233B4}", hex: "efbbbff0a38eb4" },
];
