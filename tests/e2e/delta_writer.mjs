// Drives the Writer node's Delta settings in Debian's Chromium
// (playwright-core): a Reader's rows are upserted into a Delta table by a
// merge key, then the table's history lists the merge. Screenshots go to
// ARTIFACTS (delta-*.png).
// Env: BASE_URL, BUCKET, CONNECTION, TABLE, ARTIFACTS, CHROMIUM.
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "..", "web", "package.json"));
const { chromium } = require("playwright-core");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env("BASE_URL");
const bucket = env("BUCKET");
const connection = env("CONNECTION");
const table = env("TABLE");
const artifacts = env("ARTIFACTS");
mkdirSync(artifacts, { recursive: true });

const profile = mkdtempSync(path.join(tmpdir(), "flowfile-e2e-delta-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let passed = 0;
const step = async (name, body) => {
  await body();
  passed += 1;
  console.log(`ok - ${name}`);
};
let page;
try {
  page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(30000);
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `delta-${name}.png`), fullPage: true });
  const panel = (name) => page.locator("section", { has: page.getByRole("heading", { name, exact: true }) });
  const open = async (id, name) => {
    await page.locator(`.flow-node[data-node="${id}"]`).getByRole("button", { name, exact: true }).click();
    await panel(name).waitFor();
  };

  await step("the Writer offers a Delta table's write modes and asks for merge keys", async () => {
    await page.goto(`${base}/#/flow`);
    await open("reader-1", "Cloud Storage Reader");
    const reader = panel("Cloud Storage Reader");
    await reader.getByLabel("Connection").selectOption(connection);
    await reader.getByLabel("Path (object, folder or glob)").fill(`s3://${bucket}/input/sales.parquet`);
    await open("writer-1", "Cloud Storage Writer");
    const writer = panel("Cloud Storage Writer");
    await writer.getByLabel("Takes rows from").selectOption({ label: "Cloud Storage Reader" });
    await writer.getByLabel("Connection").selectOption(connection);
    await writer.getByLabel("Format").selectOption("delta");
    await writer.getByLabel("Path", { exact: true }).fill(table);
    const modes = await writer.getByLabel("Write mode").locator("option").evaluateAll((os) => os.map((o) => o.value));
    if (modes.join() !== "overwrite,append,error,upsert,update,delete") throw new Error(`modes: ${modes}`);
    await writer.getByLabel("Write mode").selectOption("upsert");
    await writer.getByText("matches rows by key").waitFor();
    await writer.getByLabel("Merge keys").fill("id");
    await writer.getByLabel("Merge keys").press("Tab");
    await writer.getByText("matches rows by key").waitFor({ state: "detached" });
    await shot("01-writer");
  });

  await step("the upsert runs, and the table history lists it", async () => {
    await page.getByRole("button", { name: "Run flow" }).click();
    await page.locator(".run-status .message.ok").waitFor();
    const writer = panel("Cloud Storage Writer");
    await writer.getByRole("button", { name: "Show table history" }).click();
    await writer.locator(".table-history tbody tr").nth(1).waitFor();
    const first = await writer.locator(".table-history tbody tr").first().innerText();
    if (!/^1\s.*MERGE/.test(first)) throw new Error(`newest version: ${first}`);
    const oldest = await writer.locator(".table-history tbody tr").last().innerText();
    if (!/^0\s/.test(oldest)) throw new Error(`oldest version: ${oldest}`);
    await shot("02-history");
  });

  await step("a merge without keys is refused by the server, on the Writer", async () => {
    const writer = panel("Cloud Storage Writer");
    await writer.getByLabel("Merge keys").fill("");
    await writer.getByLabel("Merge keys").press("Tab");
    await page.getByRole("button", { name: "Run flow" }).click();
    const failed = page.locator('.flow-node[data-node="writer-1"] .node-status.failed');
    await failed.waitFor();
    if (!(await failed.innerText()).toLowerCase().includes("merge")) throw new Error(`writer says ${await failed.innerText()}`);
    await shot("03-refused");
  });
  console.log(`delta_writer: ${passed} passed, 0 failed`);
} catch (error) {
  console.error(`delta_writer: step ${passed + 1} failed: ${error instanceof Error ? error.stack : error}`);
  await page?.screenshot({ path: path.join(artifacts, "delta-failed-step.png"), fullPage: true }).catch(() => undefined);
  process.exitCode = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
