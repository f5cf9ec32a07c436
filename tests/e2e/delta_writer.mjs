// Drives the Writer node's Delta settings in Debian's Chromium
// (playwright-core): a Reader's rows are upserted into a Delta table by a
// merge key, then the table's history lists the merge. Screenshots go to
// ARTIFACTS (delta-*.png).
// Env: BASE_URL, BUCKET, CONNECTION, TABLE, ARTIFACTS, CHROMIUM.
import { env, openBrowser } from "./browser.mjs";

const base = env("BASE_URL");
const bucket = env("BUCKET");
const connection = env("CONNECTION");
const table = env("TABLE");

const { page, shot, check, finish } = await openBrowser("delta");
page.setDefaultTimeout(30000);
const panel = (name) => page.locator("section", { has: page.getByRole("heading", { name, exact: true }) });
const open = async (id, name) => {
  await page.locator(`.flow-node[data-node="${id}"]`).getByRole("button", { name, exact: true }).click();
  await panel(name).waitFor();
};

await check("the Writer offers a Delta table's write modes and asks for merge keys", async () => {
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

await check("the upsert runs, and the table history lists it", async () => {
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

await check("a merge without keys is refused by the server, on the Writer", async () => {
  const writer = panel("Cloud Storage Writer");
  await writer.getByLabel("Merge keys").fill("");
  await writer.getByLabel("Merge keys").press("Tab");
  await page.getByRole("button", { name: "Run flow" }).click();
  const failed = page.locator('.flow-node[data-node="writer-1"] .node-status.failed');
  await failed.waitFor();
  if (!(await failed.innerText()).toLowerCase().includes("merge")) throw new Error(`writer says ${await failed.innerText()}`);
  await shot("03-refused");
});
await finish("delta_writer");
