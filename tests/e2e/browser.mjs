// What the browser scripts share: Debian's Chromium driven by playwright-core
// (from web/node_modules) in a fresh profile at 1280x800, their settings
// from the environment, and checks that each run on their own (a failure is
// counted, shown with a screenshot, and does not stop the others).
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "..", "web", "package.json"));
const { chromium } = require("playwright-core");

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const expect = (ok, message) => {
  if (!ok) throw new Error(message);
};

// A browser whose screenshots go to ARTIFACTS as `<prefix>-<name>.png`;
// the prefix's screenshots of an earlier run are removed first, so none
// passes for this run's.
export async function openBrowser(prefix) {
  const artifacts = env("ARTIFACTS");
  mkdirSync(artifacts, { recursive: true });
  for (const file of readdirSync(artifacts)) if (file.startsWith(`${prefix}-`)) rmSync(path.join(artifacts, file));
  const profile = mkdtempSync(path.join(tmpdir(), `flowfile-${prefix}-chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${prefix}-${name}.png`) });
  const results = [];
  const check = async (name, body) => {
    try {
      await body();
      results.push(true);
      console.log(`ok - ${name}`);
    } catch (error) {
      results.push(false);
      console.log(`not ok - ${name}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
      await shot(`failed-${results.length}`).catch(() => undefined);
    }
  };
  // Closes the browser and prints the tally; the exit code says whether all passed.
  const finish = async (title) => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    const failed = results.filter((ok) => !ok).length;
    console.log(`${title}: ${results.length - failed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
  };
  return { context, page, shot, check, finish };
}
