// Compiles the contracts in this folder with solc-js (standard JSON, no
// download) and writes NAME.abi and NAME.bin beside them. Run by
// `task contracts`; chain/contracts' test runs it again and diffs.
//
//   node compile.mjs [OUTDIR]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const solc = require("solc");
const here = path.dirname(new URL(import.meta.url).pathname);
const out = process.argv[2] || here;
const names = ["RenderToken", "RenderNFT", "RenderEscrow"];

const sources = {};
for (const n of names) sources[`${n}.sol`] = { content: fs.readFileSync(path.join(here, `${n}.sol`), "utf8") };
const input = {
  language: "Solidity",
  sources,
  settings: {
    // Cancun runs on go-ethereum's simulated backend, geth --dev, anvil and
    // mainnet alike; OpenZeppelin 5 needs it or later.
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
function findImports(p) {
  try {
    return { contents: fs.readFileSync(path.join(here, "node_modules", p), "utf8") };
  } catch (e) {
    return { error: `cannot read ${p}: ${e.message} (run task deps)` };
  }
}
const result = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of result.errors || []) {
  console.error(e.formattedMessage);
  if (e.severity === "error") failed = true;
}
if (failed) process.exit(1);
fs.mkdirSync(out, { recursive: true });
for (const n of names) {
  const c = result.contracts[`${n}.sol`][n];
  fs.writeFileSync(path.join(out, `${n}.abi`), JSON.stringify(c.abi) + "\n");
  fs.writeFileSync(path.join(out, `${n}.bin`), c.evm.bytecode.object + "\n");
}
console.log(`solc ${solc.version()}: ${names.join(", ")} -> ${out}`);
