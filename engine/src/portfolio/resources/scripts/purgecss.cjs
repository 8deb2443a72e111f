// Remove the CSS rules no page uses, with PurgeCSS (npm `purgecss`); run by the post-render
// step (portfolio.build.purge). Reads a JSON job on stdin:
//   {"files": [[source, target], ...], "content": [paths], "uses": [paths], "mark": text,
//    "safelist": {"standard": [..], "deep": [..], "greedy": [..]}}
// where safelist entries are regular expressions (source text) and "uses" are stylesheets
// left whole whose var(--...) references keep those custom properties. Writes each purged
// stylesheet (the mark first) to its target and prints, per file, the bytes before and after
// as JSON.
"use strict";
const fs = require("fs");
const { PurgeCSS } = require("purgecss");

async function main() {
  const job = JSON.parse(fs.readFileSync(0, "utf8"));
  const safelist = {};
  for (const [kind, patterns] of Object.entries(job.safelist)) {
    safelist[kind] = patterns.map((pattern) => new RegExp(pattern));
  }
  const used = job.uses.map((path) => fs.readFileSync(path, "utf8")).join("\n");
  safelist.variables = [...new Set(used.match(/--[\w-]+/g) || [])];
  const sizes = [];
  for (const [source, target] of job.files) {
    const [result] = await new PurgeCSS().purge({
      css: [source],
      content: job.content,
      safelist,
      fontFace: false,
      keyframes: true,
      variables: true,
    });
    fs.writeFileSync(target, job.mark + result.css);
    sizes.push([target, fs.statSync(source).size, Buffer.byteLength(job.mark + result.css)]);
  }
  process.stdout.write(JSON.stringify(sizes));
}

main().catch((error) => {
  process.stderr.write(String(error && error.message ? error.message : error) + "\n");
  process.exit(1);
});
