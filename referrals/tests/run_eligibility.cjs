// The parity test's side of Node: reads one JSON batch of [answers, criteria]
// cases per line on stdin, writes one JSON line of results per batch.
const readline = require("node:readline");
const engine = require("../../static/js/offline/eligibility.js");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const cases = JSON.parse(line);
  const results = cases.map(([answers, criteria]) => {
    try {
      return engine.evaluate(answers, criteria);
    } catch (error) {
      return { error: String(error) };
    }
  });
  process.stdout.write(JSON.stringify(results) + "\n");
});
