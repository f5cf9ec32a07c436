// One browser check per UX defect listed at the top of issue 17, each run
// on its own (a failure does not stop the others), so the same script shows
// which defects a UI has: on the UI before the Vue port every check fails
// but the one on loopback plain http, which guards the core's rule. Keyboard
// use and accessible names are checked more closely in accessibility.mjs.
// Selectors are ones both UIs have (labels, roles, names), so a check fails
// on the defect, not on markup. Screenshots at 1280x800 and 375x800.
// Env: BASE_URL, BUCKET, GOOD_CONNECTION, BROKEN_CONNECTION, PLAIN_CONNECTION,
//      DOOMED_CONNECTION, S3_ENDPOINT, ARTIFACTS, CHROMIUM.
import { env, expect, openBrowser } from "./browser.mjs";

const base = env("BASE_URL");
const bucket = env("BUCKET");
const good = env("GOOD_CONNECTION");
const broken = env("BROKEN_CONNECTION");
const plain = env("PLAIN_CONNECTION");
const doomed = env("DOOMED_CONNECTION");

const apiWords = /aws_|azure_|gcs_|endpoint_url|verify_ssl|=True|=False|\w\(\)|reader\.|writer\.|magic bytes/;
const emoji = /\p{Extended_Pictographic}/u;

const { page, shot, check, finish } = await openBrowser("ux");
page.setDefaultTimeout(8000);

// Pages, and the Reader / Writer settings as each UI shows them (the canvas
// shows a node's settings once its name on the canvas is clicked).
const fresh = async (hash) => {
  await page.goto(`${base}/${hash}`);
  await page.reload();
  await page.getByRole("heading", { level: 1 }).first().waitFor();
};
const settingsOf = async (name, nodeId) => {
  const onCanvas = page.locator(`.flow-node[data-node="${nodeId}"] .node-title`);
  if (nodeId !== "" && (await onCanvas.count()) > 0) await onCanvas.click();
  const section = page.locator("section", { has: page.getByRole("heading", { name, exact: true }) });
  await section.waitFor();
  return section;
};
const reader = () => settingsOf("Cloud Storage Reader", "reader-1");
const writer = () => settingsOf("Cloud Storage Writer", "writer-1");
const readerPath = (section) => section.getByLabel(/^Path|^File path/).first();
const errorsIn = (locator) => locator.locator(".message.error, [role=alert]");
const visibleText = async (locator) => (await locator.allInnerTexts()).join(" | ");

try {
  await check("stale errors: a preview error goes when the connection that caused it is changed", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(broken);
    await readerPath(r).fill(`s3://${bucket}/input/sales.parquet`);
    await r.getByRole("button", { name: "Preview data" }).click();
    await errorsIn(r.locator(".preview")).first().waitFor();
    await r.getByLabel("Connection").selectOption(good);
    await page.waitForTimeout(300);
    expect((await errorsIn(r.locator(".preview")).count()) === 0, `still shown: ${await visibleText(errorsIn(r))}`);
  });

  await check("stale errors: Browse's 'choose a connection' goes once one is chosen", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByRole("button", { name: "Browse…" }).click();
    await errorsIn(r).first().waitFor();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(good);
    await page.waitForTimeout(300);
    expect((await errorsIn(r).count()) === 0, `still shown: ${await visibleText(errorsIn(r))}`);
  });

  await check("stale errors: 'Saved' does not stay above a later error", async () => {
    await fresh("#/connections");
    const create = async () => {
      await page.getByRole("button", { name: "New connection" }).click();
      await page.getByLabel("Connection name").fill("ux-saved");
      await page.getByLabel("Storage type").selectOption("gcs");
      await page.getByLabel("Authentication").selectOption("env_vars");
      await page.getByLabel("Project ID").fill("my-project");
      await page.getByRole("button", { name: "Create connection" }).click();
    };
    await create();
    await page.getByText("Saved ux-saved.").waitFor();
    await create();
    await errorsIn(page.locator("form")).first().waitFor();
    expect((await page.getByText("Saved ux-saved.").count()) === 0, "the old 'Saved' message is still shown");
  });

  await check("messages: a name in use says what to do in the UI, no Python call", async () => {
    await fresh("#/connections");
    await page.getByRole("button", { name: "New connection" }).click();
    await page.getByLabel("Connection name").fill(good);
    await page.getByLabel("Storage type").selectOption("gcs");
    await page.getByLabel("Authentication").selectOption("env_vars");
    await page.getByLabel("Project ID").fill("my-project");
    await page.getByRole("button", { name: "Create connection" }).click();
    await errorsIn(page.locator("form")).first().waitFor();
    const text = await visibleText(errorsIn(page.locator("form")));
    expect(text !== "" && !apiWords.test(text), `says: ${text}`);
  });

  // Plain http to a loopback host (a local emulator) needs no opt-in (the
  // core's rule, as upstream Flowfile): such a connection, saved before the
  // form learnt the rule, tests fine instead of failing only at Test.
  await check("messages: plain http to loopback passes its Test without the opt-in", async () => {
    await fresh("#/connections");
    const row = page.locator(`tr[data-connection="${plain}"]`);
    await row.getByRole("button", { name: "Test" }).click();
    const result = row.locator(".message.ok, .message.error").first();
    await result.waitFor();
    const text = await result.innerText();
    expect((await result.getAttribute("class"))?.includes("ok") === true && !apiWords.test(text), `says: ${text}`);
  });

  await check("messages: a refused endpoint says its fix once, in the UI's words", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(broken);
    await readerPath(r).fill(`s3://${bucket}/input/sales.parquet`);
    await r.getByRole("button", { name: "Preview data" }).click();
    const error = errorsIn(r.locator(".preview")).first();
    await error.waitFor();
    const text = await error.innerText();
    const sentences = text.split(/(?<=\.)\s+/);
    expect(new Set(sentences).size === sentences.length && !apiWords.test(text), `says: ${text}`);
  });

  await check("messages: a CSV file read as Parquet says to switch the format", async () => {
    const r = await reader();
    await r.getByLabel("Connection").selectOption(good);
    await readerPath(r).fill(`s3://${bucket}/csv/sales.csv`);
    await r.getByRole("button", { name: "Preview data" }).click();
    const error = errorsIn(r.locator(".preview")).first();
    await error.waitFor();
    const text = await error.innerText();
    expect(/csv/i.test(text) && /switch|choose/i.test(text) && !apiWords.test(text), `says: ${text}`);
  });

  await check("messages: a run without a Reader connection names the node's field, on the node", async () => {
    await fresh("#/flow");
    const w = await writer();
    await w.getByLabel("Connection").focus();
    await w.getByLabel("Connection").selectOption(good);
    await w.getByLabel(/^Path|^File path/).first().fill(`s3://${bucket}/output/never.parquet`);
    await page.getByRole("button", { name: "Run flow" }).click();
    const failed = page.locator('.flow-node[data-node="reader-1"] .node-status.failed');
    await failed.waitFor();
    const text = await failed.innerText();
    expect(!apiWords.test(text), `says: ${text}`);
  });

  // A transform that fails while the rows stream (a column the file does
  // not have) fails on its own node: the Reader before it read fine.
  const failingTransform = async (add) => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(good);
    await readerPath(r).fill(`s3://${bucket}/input/sales.parquet`);
    const kind = await add(page.getByRole("navigation", { name: "Add a node" }));
    const w = await writer();
    await w.getByLabel("Connection").selectOption(good);
    await w.getByLabel(/^Path|^File path/).first().fill(`s3://${bucket}/output/never-${kind}.parquet`);
    // The node added last is the last choice.
    const input = w.getByLabel("Takes rows from");
    await input.selectOption({ index: (await input.locator("option").count()) - 1 });
    await page.getByRole("button", { name: "Run flow" }).click();
    const failed = page.locator(`.flow-node.${kind} .node-status.failed`);
    await failed.waitFor();
    const onNode = await failed.innerText();
    const outcome = await page.locator(".run-status .message.error").innerText();
    const readerFailed = await page.locator('.flow-node[data-node="reader-1"] .node-status.failed').count();
    expect(readerFailed === 0, "the Reader is marked failed");
    expect(/nope/.test(onNode) && !apiWords.test(onNode) && !/steps\[|settings\./.test(onNode), `the node says: ${onNode}`);
    return outcome;
  };

  await check("run: a filter on a missing column fails on the Filter node, not the Reader", async () => {
    const outcome = await failingTransform(async (palette) => {
      await palette.getByRole("button", { name: "Filter rows" }).click();
      const filter = await settingsOf("Filter rows", "");
      await filter.getByLabel("Column").fill("nope");
      await filter.getByLabel("Value").fill("1");
      return "filter";
    });
    expect(/^Filter rows failed/.test(outcome), `the run says: ${outcome}`);
  });

  await check("run: an Add column after a Sort fails on its own node, not the Reader", async () => {
    const outcome = await failingTransform(async (palette) => {
      await palette.getByRole("button", { name: "Sort rows" }).click();
      await (await settingsOf("Sort rows", "")).getByLabel("Column", { exact: true }).fill("amount");
      await palette.getByRole("button", { name: "Add column" }).click();
      const add = await settingsOf("Add column", "");
      await add.getByLabel("New column name").fill("more");
      await add.getByLabel("From column").fill("nope");
      await add.getByLabel("Value", { exact: true }).fill("1");
      return "add_column";
    });
    expect(/^Add column failed/.test(outcome), `the run says: ${outcome}`);
    expect((await page.locator(".flow-node.sort .node-status.failed").count()) === 0, "the Sort is marked failed");
    await shot("run-failed-on-node");
  });

  // The rule is the core's, asked of the server: plain http to another host
  // needs the opt-in and is refused before saving; to a loopback host (the
  // local emulator) it needs none, and the form must not demand it.
  await check("connection form: plain http is refused before saving, naming Allow plain HTTP", async () => {
    await fresh("#/connections");
    await page.getByRole("button", { name: "New connection" }).click();
    await page.getByLabel("Connection name").fill("ux-plain-new");
    await page.getByLabel("Storage type").selectOption("s3");
    await page.getByLabel("Authentication").selectOption("access_key");
    await page.getByLabel("Access key ID").fill("AKIAIOSFODNN7EXAMPLE");
    await page.getByLabel("Secret access key").fill("not-a-real-secret");
    await page.getByLabel("AWS region").fill("us-east-1");
    await page.getByLabel(/^Endpoint URL/).fill("http://storage.example.test:9000");
    await page.getByRole("button", { name: "Create connection" }).click();
    await page.waitForTimeout(500);
    const text = await visibleText(errorsIn(page.locator("form")));
    expect((await page.locator('tr[data-connection="ux-plain-new"]').count()) === 0, "it was saved without the opt-in");
    expect(/Allow plain HTTP/.test(text) && !apiWords.test(text), `says: ${text}`);
    await shot("connection-form-plain-http");
  });

  await check("connection form: plain http to a loopback emulator saves without the opt-in", async () => {
    await page.getByLabel(/^Endpoint URL/).fill(env("S3_ENDPOINT"));
    await page.waitForTimeout(500);
    const warned = await page.locator("form .message").allInnerTexts();
    expect(!warned.some((t) => /plain http/i.test(t)), `the form still says: ${warned.join(" | ")}`);
    await page.getByRole("button", { name: "Create connection" }).click();
    await page.locator('tr[data-connection="ux-plain-new"]').waitFor({ timeout: 5000 });
  });

  await check("connection form: ticking Allow plain HTTP says why the secret is needed again", async () => {
    await fresh("#/connections");
    const row = page.locator(`tr[data-connection="${plain}"]`);
    await row.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Allow plain HTTP").check();
    const secret = page.getByLabel("Secret access key");
    const placeholder = (await secret.getAttribute("placeholder")) ?? "";
    expect(!/leave empty to keep/.test(placeholder), `the secret still says: ${placeholder}`);
    const why = await page.locator("form").getByText(/type the stored secrets again/).count();
    expect(why === 1, "no message says why the secret is needed again");
    await shot("connection-form-secret-again");
  });

  await check("connection dropdown: 'name (storage – auth method)'", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    const options = await r.getByLabel("Connection").locator("option").allInnerTexts();
    expect(options.some((o) => o.trim() === `${good} (S3 – Access key)`), `options: ${options.join(", ")}`);
  });

  await check("writer: a folder picked in Browse becomes a file in it", async () => {
    await fresh("#/flow");
    const w = await writer();
    await w.getByLabel("Connection").focus();
    await w.getByLabel("Connection").selectOption(good);
    await w.getByRole("button", { name: "Browse…" }).click();
    await w.locator(`button[data-path*="${bucket}"]`).first().click();
    await w.getByRole("button", { name: /Use folder|Write into this folder/ }).first().click();
    const value = await w.getByLabel(/^Path|^File path/).first().inputValue();
    expect(!value.endsWith("/") && /\.[a-z]+$/.test(value), `the path is ${value}`);
  });

  await check("writer: overwrite warns that an existing object will be replaced", async () => {
    const w = await writer();
    await w.getByLabel(/^Path|^File path/).first().fill(`s3://${bucket}/input/sales.parquet`);
    await w.getByText(/will be replaced/).waitFor({ timeout: 4000 });
  });

  await check("writer: append aimed at a file says to give its folder", async () => {
    const w = await writer();
    await w.getByLabel("Write mode").selectOption("append");
    await w.getByText(/give its folder/).waitFor({ timeout: 4000 });
  });

  await check("delete: the dialog names the node that uses the connection", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(doomed);
    await page.getByRole("link", { name: "Connections" }).click();
    await page.locator(`tr[data-connection="${doomed}"]`).getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await shot("delete-names-node");
    const text = await dialog.innerText();
    expect(/Cloud Storage Reader/.test(text), `the dialog says: ${text}`);
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.locator(`tr[data-connection="${doomed}"]`).waitFor({ state: "detached" });
  });

  await check("delete: the node whose connection was deleted says so", async () => {
    await page.getByRole("link", { name: "Flow" }).click();
    const r = await reader();
    await r.getByText(/no longer exists/).waitFor({ timeout: 4000 });
    const onNode = page.locator('.flow-node[data-node="reader-1"]').getByText(/missing/);
    expect((await onNode.count()) === 1, "the node on the canvas does not say it");
  });

  await check("skip link: keeps the flow and the page", async () => {
    await fresh("#/flow");
    const r = await reader();
    await readerPath(r).fill(`s3://${bucket}/kept.parquet`);
    await page.keyboard.press("Shift+Tab");
    await page.locator("a.skip").focus();
    await page.keyboard.press("Enter");
    await page.waitForTimeout(300);
    expect(new URL(page.url()).hash === "#/flow", `the page moved to ${page.url()}`);
    const kept = await readerPath(await reader()).inputValue();
    expect(kept.endsWith("kept.parquet"), `the path is now ${kept}`);
  });

  await check("no emoji: the storage browser needs no emoji font", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(good);
    await r.getByRole("button", { name: "Browse…" }).click();
    await r.locator(`button[data-path*="${bucket}"]`).first().click();
    await r.locator('button[data-path$="input/"], button[data-path$="input"]').first().waitFor();
    const text = await page.locator("body").innerText();
    expect(!emoji.test(text), `emoji in: ${text.match(emoji)?.[0]}`);
    await shot("browser-1280");
  });

  await check("results in view at 1280x800: a run's outcome is on screen when it ends", async () => {
    await fresh("#/flow");
    const r = await reader();
    await r.getByLabel("Connection").focus();
    await r.getByLabel("Connection").selectOption(good);
    await readerPath(r).fill(`s3://${bucket}/input/sales.parquet`);
    await r.getByRole("button", { name: "Preview data" }).click();
    await r.locator("table.data tbody tr").first().waitFor();
    const w = await writer();
    await w.getByLabel("Connection").focus();
    await w.getByLabel("Connection").selectOption(good);
    await w.getByLabel(/^Path|^File path/).first().fill(`s3://${bucket}/output/in-view.parquet`);
    await page.getByRole("button", { name: "Run flow" }).click();
    const done = page.locator(".run-status .message.ok");
    await done.waitFor();
    const box = await done.evaluate((e) => {
      const b = e.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, height: window.innerHeight };
    });
    await shot("run-1280x800");
    expect(box.top >= 0 && box.bottom <= box.height, `the result is at ${box.top}-${box.bottom} of ${box.height}`);
    // The object now exists: running again would replace it, and the Writer says so.
    await w.getByText(/will be replaced/).waitFor({ timeout: 4000 });
  });

  await page.setViewportSize({ width: 375, height: 800 });
  await check("375 px: the connections page does not scroll sideways", async () => {
    await fresh("#/connections");
    await page.locator(`tr[data-connection="${good}"]`).waitFor();
    await shot("connections-375");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 375, `the page is ${width} px wide`);
  });

  await check("375 px: the Writer's selects fit on screen", async () => {
    await fresh("#/flow");
    const w = await writer();
    await w.scrollIntoViewIfNeeded();
    await shot("flow-375");
    // Each select inside the screen, and wide enough for its chosen text
    // (plus the arrow): not cut off.
    const selects = await w.evaluate((section) => {
      const context = document.createElement("canvas").getContext("2d");
      return [...section.querySelectorAll("select")].map((s) => {
        context.font = getComputedStyle(s).font;
        const text = s.selectedOptions[0]?.text ?? "";
        const box = s.getBoundingClientRect();
        return { text, need: Math.ceil(context.measureText(text).width) + 28, width: Math.floor(s.clientWidth), right: box.right };
      });
    });
    const cut = selects.filter((s) => s.need > s.width || s.right > 375.5);
    expect(selects.length > 0 && cut.length === 0, `cut off: ${JSON.stringify(cut)}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 375, `the page is ${width} px wide`);
  });
} finally {
  await finish("ux_defects");
}
