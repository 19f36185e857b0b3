/** spark-md5 ships no types; only the one-shot string hash is used here. */
declare module "spark-md5" {
  const SparkMD5: { hash(text: string, raw?: boolean): string };
  export default SparkMD5;
}
