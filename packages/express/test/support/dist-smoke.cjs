// Loads the built CommonJS entry through the package's own exports map (require condition),
// serves one request with Express and prints what it saw as one JSON line.
const express = require("express");
const { strata } = require("@strata/express");
const config = require("../../../http/test/support/adapter-config.json");

const app = express();
app.use(strata({ config }));
app.get("/", (req, res) => res.json({ color: req.strata.get("button_color") }));
const server = app.listen(0, "127.0.0.1", async () => {
  const response = await fetch(`http://127.0.0.1:${server.address().port}/`);
  const body = await response.json();
  console.log(JSON.stringify({ format: "cjs", entry: require.resolve("@strata/express"), cookie: response.headers.get("set-cookie"), ...body }));
  server.close();
});
