// Loads the built ES module entry through the package's own exports map (import condition),
// serves one request with Express and prints what it saw as one JSON line.
import { readFileSync } from "node:fs";
import express from "express";
import { strata } from "@strata/express";

const config = JSON.parse(readFileSync(new URL("../../../http/test/support/adapter-config.json", import.meta.url), "utf8"));
const app = express();
app.use(strata({ config }));
app.get("/", (req, res) => res.json({ color: req.strata.get("button_color") }));
const server = app.listen(0, "127.0.0.1", async () => {
  const response = await fetch(`http://127.0.0.1:${server.address().port}/`);
  const body = await response.json();
  console.log(JSON.stringify({ format: "esm", entry: import.meta.resolve("@strata/express"), cookie: response.headers.get("set-cookie"), ...body }));
  server.close();
});
