// Drives the web UI in Debian's Chromium (playwright-core): picks a
// connection made from Python in the Reader node, browses to a parquet
// object, previews it, writes it with the Writer node through a connection
// created in the UI, and keeps a screenshot of every page.
// Every response the browser gets (URL, status, headers, body) is written to
// TRAFFIC as JSON, for the caller's secret search.
// Env: BASE_URL, BUCKET, PY_CONNECTION, UI_CONNECTION, S3_ENDPOINT, ARTIFACTS, TRAFFIC, CHROMIUM.
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
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
const pyConnection = env("PY_CONNECTION");
const uiConnection = env("UI_CONNECTION");
const artifacts = env("ARTIFACTS");
mkdirSync(artifacts, { recursive: true });

const profile = mkdtempSync(path.join(tmpdir(), "flowfile-e2e-chromium-"));
// A fresh, empty profile directory (Playwright's way of --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
// Recorded as they arrive; bodies are read before the browser closes.
const traffic = [];
browser.on("response", (response) => {
  traffic.push(
    (async () => ({
      url: response.url(),
      status: response.status(),
      headers: await response.allHeaders(),
      // Redirects and aborted responses have no body to read.
      body: await response.text().catch((error) => `<no body: ${error.message}>`),
    }))(),
  );
});
// Whether the element's box is inside the window (not below the fold).
const inViewport = (locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
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
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  await step("connection made from Python is listed", async () => {
    await page.goto(`${base}/#/connections`);
    await page.locator(`tr[data-connection="${pyConnection}"]`).waitFor();
    await shot("01-connections");
  });

  await step("a connection is created in the UI, secret never filled back, and tested", async () => {
    await page.getByRole("button", { name: "New connection" }).click();
    await page.getByLabel("Connection name").fill(uiConnection);
    await page.getByLabel("Storage type").selectOption("s3");
    await page.getByLabel("Authentication").selectOption("access_key");
    await page.getByLabel("Access key ID").fill("AKIAIOSFODNN7EXAMPLE");
    await page.getByLabel("Secret access key").fill(env("UI_SECRET"));
    await page.getByLabel("AWS region").fill("us-east-1");
    await page.getByLabel("Endpoint URL (optional)").fill(env("S3_ENDPOINT"));
    await page.getByLabel("Allow plain HTTP").check();
    await shot("02-connection-form");
    await page.getByRole("button", { name: "Create connection" }).click();
    const row = page.locator(`tr[data-connection="${uiConnection}"]`);
    await row.waitFor();
    await row.getByRole("button", { name: "Edit" }).click();
    const secret = page.getByLabel("Secret access key");
    if ((await secret.inputValue()) !== "") throw new Error("the stored secret was filled back into the form");
    if (!(await secret.getAttribute("placeholder")).startsWith("Stored")) throw new Error("no 'stored' hint");
    await page.getByRole("button", { name: "Cancel" }).click();
    await row.getByRole("button", { name: "Test" }).click();
    await row.locator(".message.ok").waitFor();
    await shot("03-connection-tested");
  });

  // The selected node's settings are a section headed by the node's name.
  const panel = (name) => page.locator("section", { has: page.getByRole("heading", { name, exact: true }) });
  const node = (id) => page.locator(`.flow-node[data-node="${id}"]`);
  const open = async (id, name) => {
    await node(id).getByRole("button", { name, exact: true }).click();
    await panel(name).waitFor();
  };

  await step("Reader node: pick the Python connection, browse to the object, preview rows", async () => {
    await page.getByRole("link", { name: "Flow" }).click();
    await open("reader-1", "Cloud Storage Reader");
    const reader = panel("Cloud Storage Reader");
    await reader.getByLabel("Connection").focus();
    await reader.getByLabel("Connection").selectOption(pyConnection);
    await reader.getByRole("button", { name: "Browse…" }).click();
    await reader.locator(`button[data-path*="${bucket}"]`).first().click();
    await reader.locator('button[data-path$="input/"], button[data-path$="input"]').first().click();
    await reader.locator('button[data-path$="sales.parquet"]').click();
    const chosen = await reader.getByLabel("Path (object, folder or glob)").inputValue();
    if (!chosen.endsWith(`${bucket}/input/sales.parquet`)) throw new Error(`picked path ${chosen}`);
    await reader.getByRole("button", { name: "Preview data" }).click();
    await reader.locator("table.data tbody tr").first().waitFor();
    const rows = await reader.locator("table.data tbody tr").count();
    if (rows !== 100) throw new Error(`preview shows ${rows} rows, expected 100`);
    const header = await reader.locator("table.data thead").innerText();
    for (const column of ["id", "city", "amount"]) if (!header.includes(column)) throw new Error(`no column ${column}`);
    await shot("04-flow-preview");
  });

  await step("canvas: add transforms from the palette, delete and undo, connect without a mouse", async () => {
    // The Reader is selected: a node added now takes its rows.
    const palette = page.getByRole("navigation", { name: "Add a node" });
    await palette.getByRole("button", { name: "Filter rows" }).click();
    const filter = panel("Filter rows");
    await filter.getByLabel("Column").fill("amount");
    await filter.getByLabel("Condition").selectOption("ge");
    await filter.getByLabel("Value").fill("0");
    await palette.getByRole("button", { name: "Select columns" }).click();
    await panel("Select columns").getByLabel("Columns to keep").fill("id, city, amount");
    await panel("Select columns").getByLabel("Columns to keep").press("Tab");
    await panel("Select columns").getByRole("button", { name: "Preview data" }).click();
    await panel("Select columns").locator("table.data tbody tr").first().waitFor();
    // A node dragged from the palette lands where it is dropped; added by
    // mistake, it is deleted, brought back by Undo, deleted again.
    const canvas = await page.getByRole("region", { name: "Flow canvas" }).boundingBox();
    const drop = { x: Math.round(canvas.width * 0.5), y: Math.round(canvas.height - 60) };
    await palette.getByRole("button", { name: "Limit" }).dragTo(page.getByRole("region", { name: "Flow canvas" }), { targetPosition: drop });
    await page.locator(".flow-node.limit").waitFor();
    await page.waitForTimeout(300); // the canvas fits every node in view
    const landed = await page.locator(".flow-node.limit").boundingBox();
    const nodes = await page.locator(".flow-node").count();
    if (nodes !== 5) throw new Error(`${nodes} nodes after the drop, not 5`);
    const others = await page.locator(".flow-node:not(.limit)").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    if (!(landed.y > Math.max(...others))) throw new Error("the dropped Limit is not below the other nodes, where it was dropped");
    await panel("Limit").getByRole("button", { name: "Delete node" }).click();
    await page.locator(".flow-node.limit").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Undo" }).click();
    await page.locator(".flow-node.limit").waitFor();
    await page.locator(".flow-node.limit .node-title").click();
    await page.keyboard.press("Delete");
    await page.locator(".flow-node.limit").waitFor({ state: "detached" });
    // The Writer takes its rows from Select columns, chosen with the keyboard.
    await open("writer-1", "Cloud Storage Writer");
    const input = panel("Cloud Storage Writer").getByLabel("Takes rows from");
    await input.focus();
    await input.selectOption({ label: "Select columns" });
    if ((await page.locator(".vue-flow__edge").count()) !== 3) throw new Error("expected 3 edges: reader, filter, select, writer");
    // With the mouse: an edge dragged from Filter rows' right handle to the
    // Writer's left one replaces the Writer's input; Undo brings it back.
    const centre = async (locator) => {
      const box = await locator.boundingBox();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    const from = await centre(page.locator(".flow-node.filter .vue-flow__handle.source"));
    const to = await centre(node("writer-1").locator(".vue-flow__handle.target"));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    const takes = async () => input.evaluate((select) => select.selectedOptions[0]?.text ?? "");
    if ((await takes()) !== "Filter rows") throw new Error(`after the drag the Writer takes rows from ${await takes()}`);
    if ((await page.locator(".vue-flow__edge").count()) !== 3) throw new Error("the dragged edge did not replace the Writer's input");
    await page.getByRole("button", { name: "Undo" }).click();
    if ((await takes()) !== "Select columns") throw new Error(`after Undo the Writer takes rows from ${await takes()}`);
    await shot("05a-flow-canvas");
  });

  await step("Writer node: write through the UI-made connection, status on every node, result in view", async () => {
    const writer = panel("Cloud Storage Writer");
    await writer.getByLabel("Connection").selectOption(uiConnection);
    await writer.getByLabel("Path", { exact: true }).fill(`s3://${bucket}/output/from-ui.parquet`);
    await writer.getByLabel("Compression").selectOption("zstd");
    await page.getByRole("button", { name: "Run flow" }).click();
    const done = page.locator(".run-status .message.ok");
    await done.waitFor();
    const text = await done.innerText();
    if (!text.includes("wrote 250 rows")) throw new Error(`unexpected result: ${text}`);
    if (!(await done.isVisible()) || !(await inViewport(done))) throw new Error("the result is not in view");
    const writerStatus = await node("writer-1").locator(".node-status.done").innerText();
    if (!writerStatus.includes("wrote 250 rows")) throw new Error(`writer node says ${writerStatus}`);
    if ((await page.locator(".flow-node .node-status.done").count()) !== 4) throw new Error("not every node is done");
    await shot("05-flow-run");
  });

  await step("a failed run shows its error on the node that failed", async () => {
    await open("reader-1", "Cloud Storage Reader");
    const reader = panel("Cloud Storage Reader");
    await reader.getByLabel("Connection").focus();
    await reader.getByLabel("Connection").selectOption(env("BROKEN_CONNECTION"));
    await page.getByRole("button", { name: "Run flow" }).click();
    const failed = node("reader-1").locator(".node-status.failed");
    await failed.waitFor();
    if (!(await failed.innerText()).startsWith("Invalid endpoint")) throw new Error(`reader node says ${await failed.innerText()}`);
    if ((await node("writer-1").locator(".node-status.failed").count()) !== 0) throw new Error("the writer did not fail");
    await page.locator(".run-status .message.error").waitFor();
    await shot("05b-flow-failed-node");
  });

  await step("errors are shown in the seed's words", async () => {
    const reader = panel("Cloud Storage Reader");
    await reader.getByLabel("Connection").focus();
    await reader.getByLabel("Connection").selectOption(env("BROKEN_CONNECTION"));
    await reader.getByRole("button", { name: "Preview data" }).click();
    const error = reader.locator(".preview .message.error");
    await error.waitFor();
    const text = await error.innerText();
    if (!text.startsWith("Invalid endpoint")) throw new Error(`unexpected error text: ${text}`);
    await reader.getByLabel("Connection").selectOption(pyConnection);
    await reader.getByLabel("Path (object, folder or glob)").fill(`s3://${bucket}/input/missing.parquet`);
    await reader.getByRole("button", { name: "Preview data" }).click();
    await reader.locator(".preview .message.error").waitFor();
    const missing = await reader.locator(".preview .message.error").innerText();
    if (missing.startsWith("Connection not found")) throw new Error(`a missing object is not a missing connection: ${missing}`);
    await shot("06-flow-error");
  });
  await step("accounts mode: first-run setup, sign out, wrong then right password", async () => {
    const accounts = env("ACCOUNTS_URL");
    await page.goto(`${accounts}/`);
    await page.getByRole("heading", { name: "Welcome to flowfile" }).waitFor();
    await page.getByLabel("Set-up code").fill(env("SETUP_CODE"));
    await page.getByLabel("Account name").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill("a long admin password");
    await page.getByLabel("Repeat password").fill("a long admin password");
    await shot("07-first-run-setup");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await page.getByText("Signed in as admin").waitFor();
    // A flow being drawn is the signed-in user's: signing out forgets it.
    await page.getByRole("link", { name: "Flow" }).click();
    await open("reader-1", "Cloud Storage Reader");
    await panel("Cloud Storage Reader").getByLabel("Path (object, folder or glob)").fill("s3://admins-bucket/private.parquet");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to flowfile" }).waitFor();
    await page.getByLabel("Account name").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const error = page.locator(".message.error");
    await error.waitFor();
    if (!(await error.innerText()).startsWith("Access denied")) throw new Error("no 'Access denied' message");
    await shot("08-sign-in-error");
    await page.getByLabel("Password", { exact: true }).fill("a long admin password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Signed in as admin").waitFor();
    await page.getByRole("link", { name: "Flow" }).click();
    await open("reader-1", "Cloud Storage Reader");
    const kept = await panel("Cloud Storage Reader").getByLabel("Path (object, folder or glob)").inputValue();
    if (kept !== "") throw new Error(`the flow of before sign-out is still shown: ${kept}`);
    await page.getByRole("link", { name: "Connections" }).click();
  });

  await step("accounts mode: create and delete a connection (CSRF token sent), with confirmation", async () => {
    await page.getByRole("button", { name: "New connection" }).click();
    await page.getByLabel("Connection name").fill("short-lived");
    await page.getByLabel("Storage type").selectOption("gcs");
    // A method with its own secret: accounts mode refuses the server's own identity (env_vars) without a grant.
    await page.getByLabel("Authentication").selectOption("service_account");
    await page.getByLabel("Project ID").fill("my-project");
    await page.getByLabel("Service account key (JSON)").fill('{"type": "service_account", "project_id": "my-project"}');
    await page.getByRole("button", { name: "Create connection" }).click();
    const row = page.locator('tr[data-connection="short-lived"]');
    await row.waitFor();
    await row.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await shot("09-delete-confirmation");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    if ((await row.count()) !== 1) throw new Error("Escape must cancel the delete");
    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await row.waitFor({ state: "detached" });
    await page.getByText("Deleted short-lived.").waitFor();
  });
  console.log(`ui_flow: ${passed} passed, 0 failed`);
} catch (error) {
  console.error(`ui_flow: step ${passed + 1} failed: ${error instanceof Error ? error.stack : error}`);
  // What the page showed when the step failed, beside the other screenshots.
  await page?.screenshot({ path: path.join(artifacts, "failed-step.png"), fullPage: true }).catch(() => undefined);
  process.exitCode = 1;
} finally {
  writeFileSync(env("TRAFFIC"), JSON.stringify(await Promise.all(traffic)));
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
