/**
 * The `strata` executable: runs `main` with the real process and exits with its code.
 * A closed pipe (`strata assign … | head`) ends the run quietly.
 * @module
 */
import { main } from "./main.ts";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
});
