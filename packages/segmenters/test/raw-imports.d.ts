/** Vite's `?raw` imports: a file's text (used to compare the README's example with its file). */
declare module "*?raw" {
  const text: string;
  export default text;
}
