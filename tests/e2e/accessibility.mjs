// Accessibility and small screens in Chromium, as a keyboard user and a
// phone user meet them, in embedded and accounts mode: a flow built and run
// with the keyboard alone (no click, no focus() from the test); focus moves
// into every dialog, stays there on Tab and Shift+Tab, and returns to the
// button that opened it; every control has an accessible name as Chromium
// computes it; no emoji anywhere (text, icons, pseudo-elements); at 375 px
// no page scrolls sideways, the connections table's buttons and the
// Writer's selects are whole on screen; at 1280x800 a run's outcome and a
// preview's rows are in view. Screenshots: a11y-*.png.
// Env: BASE_URL, ACCOUNTS_URL, ADMIN_NAME, ADMIN_PASSWORD, BUCKET, CONNECTION,
//      LONG_CONNECTION, ARTIFACTS, CHROMIUM.
import { env, expect, openBrowser } from "./browser.mjs";

const base = env("BASE_URL");
const bucket = env("BUCKET");
const connection = env("CONNECTION");
const longConnection = env("LONG_CONNECTION");

const { context, page, shot, check, finish } = await openBrowser("a11y");
page.setDefaultTimeout(10000);
const cdp = await context.newCDPSession(page);
await cdp.send("Accessibility.enable");

// The focused element: its accessible name as a person hears it (label,
// aria-label or text) and whether it is inside an open dialog.
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body) return { tag: "BODY", name: "", inDialog: false };
    const labels = el.labels ? [...el.labels].map((l) => l.innerText.trim()).join(" ") : "";
    const name = (el.getAttribute("aria-label") || labels || el.innerText || "").trim();
    const dialog = el.closest("dialog[open]");
    const title = dialog === null ? null : document.getElementById(dialog.getAttribute("aria-labelledby") ?? "");
    return {
      tag: el.tagName,
      name,
      inDialog: dialog !== null,
      dialog: title?.innerText.trim() ?? "", // the innermost dialog's title
      onCanvas: el.closest(".vue-flow") !== null,
    };
  });
// Tab (or Shift+Tab) until the focused control's name matches; `onCanvas`
// tells a node on the canvas from the palette's button of the same name.
const tabTo = async (wanted, back = false, onCanvas = false) => {
  for (let i = 0; i < 150; i += 1) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused();
    if (now.name === wanted && now.onCanvas === onCanvas) return;
  }
  throw new Error(`Tab never reached ${wanted}`);
};
// Types into the focused field, replacing what it held.
const typeOver = async (text) => {
  await page.keyboard.press("Control+a");
  await page.keyboard.type(text);
};
// Picks a choice of the focused select by typing its first letters.
const typeChoice = async (text) => {
  await page.waitForTimeout(300); // the Connection select reloads its choices on focus
  await page.keyboard.type(text, { delay: 20 });
  await page.waitForTimeout(700); // the select's type-ahead ends
};
const inViewport = (locator) =>
  locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
  });
const panel = (name) => page.locator("section", { has: page.getByRole("heading", { name, exact: true }) });

// Controls without an accessible name, by Chromium's own computation.
const unnamedControls = async () => {
  const roles = new Set(["button", "textbox", "combobox", "checkbox", "radio", "spinbutton", "link", "searchbox", "switch", "slider", "progressbar"]);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const controls = nodes.filter((n) => !n.ignored && roles.has(n.role?.value));
  expect(controls.length > 0, "the accessibility tree shows no control: it was not read");
  return controls.filter((n) => (n.name?.value ?? "").trim() === "").map((n) => `${n.role.value}#${n.backendDOMNodeId}`);
};
// Emoji in the page's text, its attributes and its pseudo-elements.
const emojiShown = () =>
  page.evaluate(() => {
    const emoji = /\p{Extended_Pictographic}/u;
    const found = [];
    const text = document.body.innerText.match(emoji);
    if (text !== null) found.push(`text ${text[0]}`);
    for (const el of document.querySelectorAll("body *")) {
      for (const pseudo of ["::before", "::after"]) {
        const content = getComputedStyle(el, pseudo).content;
        if (content !== "none" && emoji.test(content)) found.push(`${el.tagName}${pseudo} ${content}`);
      }
      for (const name of ["aria-label", "title", "placeholder", "alt"]) {
        const value = el.getAttribute(name);
        if (value !== null && emoji.test(value)) found.push(`${name}="${value}"`);
      }
    }
    return found;
  });
// What the page shows now: named controls, no emoji, and at 375 px nothing
// wider than the screen (the canvas's own pane and a preview table scroll
// inside themselves).
const sweep = async (where) => {
  const unnamed = await unnamedControls();
  expect(unnamed.length === 0, `${where}: controls without a name: ${unnamed.join(", ")}`);
  const emoji = await emojiShown();
  expect(emoji.length === 0, `${where}: emoji: ${emoji.join(", ")}`);
  const widths = await page.evaluate(() => {
    const cut = [...document.querySelectorAll("button, input, select, textarea, a, h1, h2, label")]
      .filter((el) => el.getClientRects().length > 0 && el.closest(".vue-flow, .table-wrap") === null && !el.matches(".skip:not(:focus)"))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.left < -0.5 || box.right > window.innerWidth + 0.5;
      })
      .map((el) => `${el.tagName} "${(el.getAttribute("aria-label") || el.innerText || el.id).trim().slice(0, 30)}"`);
    return { page: document.documentElement.scrollWidth, screen: window.innerWidth, cut };
  });
  expect(widths.page <= widths.screen, `${where}: the page is ${widths.page} px wide on a ${widths.screen} px screen`);
  expect(widths.cut.length === 0, `${where}: cut off at the screen's edge: ${widths.cut.join(", ")}`);
};
// Opens a dialog with Enter on the focused button; focus must move in, stay
// in on Tab and Shift+Tab, and come back to that button on Escape.
const dialogKeepsFocus = async (opener, dialogName, inside = async () => undefined) => {
  await tabTo(opener);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: dialogName });
  await dialog.waitFor();
  await page.waitForTimeout(300);
  let now = await focused();
  expect(now.inDialog, `focus stayed on ${now.tag} "${now.name}" when "${dialogName}" opened`);
  await inside(dialog);
  now = await focused();
  expect(now.inDialog, `focus left "${dialogName}" for ${now.tag} "${now.name}"`);
  await sweep(`the dialog "${dialogName}"`);
  const visited = new Set();
  for (const key of [...Array(10).fill("Tab"), ...Array(10).fill("Shift+Tab")]) {
    await page.keyboard.press(key);
    now = await focused();
    expect(now.dialog === dialogName, `${key} left "${dialogName}" for ${now.tag} "${now.name}" in "${now.dialog}"`);
    visited.add(`${now.tag} ${now.name}`);
  }
  // Every dialog here has two controls or more: Tab moves, not sticks.
  expect(visited.size >= 2, `Tab stays on ${[...visited].join(", ")} in "${dialogName}"`);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  now = await focused();
  expect(now.name === opener, `after "${dialogName}" closed, focus is on ${now.tag} "${now.name}", not ${opener}`);
};

const signIn = async () => {
  await page.goto(`${env("ACCOUNTS_URL")}/#/flow`);
  await page.getByRole("heading", { name: "Sign in to flowfile" }).waitFor();
  // The name field has focus already: sign in with the keyboard.
  expect((await focused()).name === "Account name", "focus is not on Account name");
  await page.keyboard.type(env("ADMIN_NAME"));
  await tabTo("Password");
  await page.keyboard.type(env("ADMIN_PASSWORD"));
  await page.keyboard.press("Enter");
  await page.getByText(`Signed in as ${env("ADMIN_NAME")}`).waitFor();
};

try {
  for (const mode of ["embedded", "accounts"]) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await check(`${mode}: keyboard only: add a node, connect it, run, preview; outcome and rows in view at 1280x800`, async () => {
      if (mode === "embedded") await page.goto(`${base}/#/flow`);
      else await signIn();
      await page.reload();
      await page.getByRole("heading", { name: "Flow", level: 1 }).waitFor();
      await tabTo("Cloud Storage Reader", false, true);
      await page.keyboard.press("Enter");
      await tabTo("Connection");
      await typeChoice(connection);
      await tabTo("Path (object, folder or glob)");
      await page.keyboard.type(`s3://${bucket}/input/sales.parquet`);
      // The Reader is selected: Limit from the palette comes after it, connected.
      await tabTo("Limit", true);
      await page.keyboard.press("Enter");
      await tabTo("Number of rows");
      await typeOver("7");
      await tabTo("Cloud Storage Writer", true, true);
      await page.keyboard.press("Enter");
      await tabTo("Takes rows from");
      await typeChoice("Limit");
      await tabTo("Connection");
      await typeChoice(connection);
      await tabTo("Path");
      await page.keyboard.type(`s3://${bucket}/output/keyboard-${mode}.parquet`);
      const edges = await page.locator(".vue-flow__edge").count();
      expect(edges === 2, `the canvas has ${edges} edges, not Reader → Limit → Writer`);
      await tabTo("Run flow", true);
      await page.keyboard.press("Enter");
      const done = page.locator(".run-status .message.ok");
      await done.waitFor({ timeout: 60000 });
      expect(/wrote 7 rows/.test(await done.innerText()), `the run says: ${await done.innerText()}`);
      expect(await inViewport(done), "the run's outcome is not in view");
      await shot(`${mode}-keyboard-run`);
      // Preview the Writer's input: its rows come into view.
      await tabTo("Preview data");
      await page.keyboard.press("Enter");
      const row = panel("Cloud Storage Writer").locator("table.data tbody tr").first();
      await row.waitFor();
      expect(await inViewport(row), "the preview's first row is not in view");
      await sweep(`${mode} flow page`);
    });

    await check(`${mode}: dialogs take focus, keep it on Tab, and give it back on close`, async () => {
      await page.goto(`${mode === "embedded" ? base : env("ACCOUNTS_URL")}/#/flow`);
      await page.reload();
      await page.getByRole("heading", { name: "Flow", level: 1 }).waitFor();
      await tabTo("Cloud Storage Reader", false, true);
      await page.keyboard.press("Enter");
      await tabTo("Connection");
      await typeChoice(connection);
      // Enter on a bucket lists it; the keyboard goes on from its first entry.
      await dialogKeepsFocus("Browse…", `Browse ${connection}`, async (dialog) => {
        await dialog.locator(`button[data-path*="${bucket}"]`).first().waitFor();
        const now = await focused();
        expect(now.name.endsWith("/"), `the listing's first entry is not focused but ${now.tag} "${now.name}"`);
        await page.keyboard.press("Enter");
        await dialog.getByRole("button", { name: /^Up to/ }).waitFor();
        await page.waitForTimeout(200);
      });
      await dialogKeepsFocus("Save as…", "Save flow as");
      // A saved flow, so that Saved flows has a Rename dialog inside it.
      await tabTo("Save as…");
      await page.keyboard.press("Enter");
      await page.keyboard.type(`keyboard ${mode}`);
      await page.keyboard.press("Enter");
      await page.getByTestId("flow-title").getByText(`keyboard ${mode}`).waitFor();
      await dialogKeepsFocus("Open…", "Saved flows", async () => {
        await page.getByRole("button", { name: `Rename keyboard ${mode}` }).waitFor();
        await dialogKeepsFocus(`Rename keyboard ${mode}`, "Rename flow");
      });
      await page.goto(`${mode === "embedded" ? base : env("ACCOUNTS_URL")}/#/connections`);
      await page.getByRole("heading", { name: "Cloud connections" }).waitFor();
      await dialogKeepsFocus(`Delete ${connection}`, `Delete “${connection}”?`);
      await shot(`${mode}-dialog-closed`);
    });

    await check(`${mode}: every control of every page and node has a name, and no emoji`, async () => {
      await tabTo("New connection", true);
      await page.keyboard.press("Enter");
      await page.getByLabel("Connection name").waitFor();
      await sweep(`${mode} connection form`);
      await page.goto(`${mode === "embedded" ? base : env("ACCOUNTS_URL")}/#/flow`);
      const palette = page.getByRole("navigation", { name: "Add a node" });
      for (const name of ["Select columns", "Filter rows", "Sort rows", "Rename columns", "Add column", "Limit", "Cloud Storage Reader", "Cloud Storage Writer"]) {
        await palette.getByRole("button", { name, exact: true }).click();
        // A second node of a kind is numbered: "Cloud Storage Reader 2".
        await page.locator("section.node-panel h2", { hasText: new RegExp(`^${name}( \\d+)?$`) }).waitFor();
        await sweep(`${mode} ${name} settings`);
      }
    });
  }

  // Accounts mode's own page, signed out.
  await check("accounts: the sign-in page has named controls and no emoji at 375 px", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to flowfile" }).waitFor();
    await sweep("sign-in page");
    await shot("sign-in-375");
  });

  await check("375 px: the connections table's rows and buttons are whole on screen", async () => {
    await page.goto(`${base}/#/connections`);
    await page.reload();
    const row = page.locator(`tr[data-connection="${longConnection}"]`);
    await row.waitFor();
    await sweep("connections page at 375 px");
    const problems = await row.evaluate((tr) =>
      [...tr.querySelectorAll("button, th")]
        .map((el) => {
          const box = el.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          const whole = box.left >= 0 && box.right <= window.innerWidth && el.scrollWidth <= el.clientWidth + 1;
          return whole && (hit === el || el.contains(hit)) ? "" : `${el.tagName} "${el.innerText.trim()}"`;
        })
        .filter((problem) => problem !== ""),
    );
    expect(problems.length === 0, `cut off or covered: ${problems.join(", ")}`);
    await row.getByRole("button", { name: `Test ${longConnection}` }).click();
    await row.locator(".message.ok").waitFor();
    await sweep("connections page at 375 px, tested");
    await shot("connections-375");
  });

  await check("375 px: the Writer's selects are whole and readable, its dialog fits", async () => {
    await page.goto(`${base}/#/flow`);
    await page.reload();
    await page.locator('.flow-node[data-node="writer-1"] .node-title').click();
    const writer = panel("Cloud Storage Writer");
    await writer.getByLabel("Connection").selectOption(connection);
    await writer.getByLabel("Write mode").selectOption("append");
    await writer.scrollIntoViewIfNeeded();
    await sweep("flow page at 375 px");
    const selects = await writer.evaluate((section) => {
      const context = document.createElement("canvas").getContext("2d");
      return [...section.querySelectorAll("select")].map((s) => {
        context.font = getComputedStyle(s).font;
        const text = s.selectedOptions[0]?.text ?? "";
        const box = s.getBoundingClientRect();
        return { text, need: Math.ceil(context.measureText(text).width) + 28, width: Math.floor(s.clientWidth), left: box.left, right: box.right };
      });
    });
    const cut = selects.filter((s) => s.need > s.width || s.left < 0 || s.right > 375.5);
    expect(selects.length >= 4 && cut.length === 0, `cut off: ${JSON.stringify(cut)}`);
    await shot("writer-375");
    await writer.getByRole("button", { name: "Browse…" }).click();
    await page.getByRole("dialog", { name: `Browse ${connection}` }).waitFor();
    await page.locator(`button[data-path*="${bucket}"]`).first().waitFor();
    await sweep("storage browser at 375 px");
    await shot("browser-375");
    await page.keyboard.press("Escape");
  });
} finally {
  await finish("accessibility");
}
