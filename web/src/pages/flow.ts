// A flow of two nodes: a Cloud Storage Reader (connection, path picked by
// browsing, format and read options, data preview) into a Cloud Storage
// Writer (connection, path, format, compression, write mode), run with
// progress. Connection lists are fetched fresh, so connections created a
// moment ago from Python appear.
import { api, ApiError, connectionPath } from "../api";
import { append, clear, field, formatBytes, h, message } from "../dom";
import { describeError } from "../errors";
import type { BrowsePage, Connection, JobStatus, Preview, ReaderSettings, WriterSettings } from "../types";

const formats = ["parquet", "csv", "json"] as const;
const compressions = ["snappy", "gzip", "brotli", "lz4", "zstd", "none"] as const;

function select<T extends string>(name: string, values: readonly T[], selected: T): HTMLSelectElement {
  const element = h("select", { name });
  for (const value of values) element.appendChild(h("option", { value }, value));
  element.value = selected;
  return element;
}

// A <select> of the user's connections, reloaded whenever it gets focus.
function connectionSelect(name: string): { element: HTMLSelectElement; reload: () => Promise<void> } {
  const element = h("select", { name, required: true });
  const reload = async (): Promise<void> => {
    try {
      const { connections } = await api.get<{ connections: Connection[] }>("/api/connections");
      // Read after the fetch: the user may have picked one meanwhile.
      const keep = element.value;
      clear(element);
      element.appendChild(h("option", { value: "" }, connections.length === 0 ? "No connections yet" : "Choose a connection"));
      for (const connection of connections) {
        element.appendChild(
          h("option", { value: connection.connection_name }, `${connection.connection_name} (${connection.storage_type})`),
        );
      }
      element.value = connections.some((c) => c.connection_name === keep) ? keep : "";
    } catch (error) {
      clear(element);
      element.appendChild(h("option", { value: "" }, describeError(error)));
    }
  };
  element.addEventListener("focus", () => void reload());
  return { element, reload };
}

// Lists buckets and prefixes of a connection; picking an entry fills `target`.
function pathPicker(connection: HTMLSelectElement, target: HTMLInputElement): HTMLElement {
  const panel = h("div", { class: "picker", hidden: true, role: "region", "aria-label": "Browse storage" });
  const open = async (path: string): Promise<void> => {
    panel.hidden = false;
    clear(panel);
    if (connection.value === "") {
      panel.appendChild(message("error", "Choose a connection first."));
      return;
    }
    panel.appendChild(message("info", `Listing ${path || "buckets"}…`));
    try {
      const page = await api.get<BrowsePage>(
        `${connectionPath(connection.value)}/browse?path=${encodeURIComponent(path)}&page_size=200`,
      );
      clear(panel);
      const list = h("ul", { class: "entries" });
      if (path !== "") {
        const parent = path.replace(/\/+$/, "").replace(/[^/]*$/, "");
        const up = parent.endsWith("://") ? "" : parent;
        list.appendChild(h("li", {}, h("button", { type: "button", class: "link", onclick: () => void open(up) }, "⬑ Up")));
      }
      for (const entry of page.entries) {
        const label = entry.path.replace(/\/+$/, "").split("/").pop() ?? entry.path;
        list.appendChild(
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "link",
                "data-path": entry.path,
                onclick: () => {
                  if (entry.is_directory) void open(entry.path);
                  else {
                    target.value = entry.path;
                    panel.hidden = true;
                    target.focus();
                  }
                },
              },
              entry.is_directory ? `📁 ${label}/` : `📄 ${label}`,
            ),
            entry.is_directory
              ? h(
                  "button",
                  {
                    type: "button",
                    class: "secondary small",
                    onclick: () => {
                      target.value = entry.path.endsWith("/") ? entry.path : `${entry.path}/`;
                      panel.hidden = true;
                    },
                  },
                  "Use folder",
                )
              : h("span", { class: "size" }, formatBytes(entry.size)),
          ),
        );
      }
      if (page.entries.length === 0) list.appendChild(h("li", { class: "empty" }, "Empty."));
      append(panel, h("p", { class: "where" }, path || "Buckets"), list);
    } catch (error) {
      clear(panel);
      panel.appendChild(message("error", describeError(error)));
    }
  };
  const button = h("button", { type: "button", class: "secondary", onclick: () => void open(target.value.replace(/[^/]*$/, "")) }, "Browse…");
  return h("div", { class: "picker-wrap" }, button, panel);
}

function csvOptions(format: HTMLSelectElement): { element: HTMLElement; read: () => { delimiter: string; has_header: boolean } } {
  const delimiter = h("input", { type: "text", name: "delimiter", value: ",", maxlength: 1, size: 2 });
  const header = h("input", { type: "checkbox", name: "has_header", id: `header-${Math.random().toString(36).slice(2)}` });
  header.checked = true;
  const element = h(
    "div",
    { class: "row csv-options" },
    field("CSV delimiter", delimiter),
    h("div", { class: "check" }, header, h("label", { for: header.id }, "First row is the header")),
  );
  const sync = (): void => {
    element.hidden = format.value !== "csv";
  };
  format.addEventListener("change", sync);
  sync();
  return { element, read: () => ({ delimiter: delimiter.value || ",", has_header: header.checked }) };
}

export function showFlowPage(main: HTMLElement): void {
  // Reader node.
  const readerConnection = connectionSelect("reader_connection");
  const readerPath = h("input", { type: "text", name: "reader_path", placeholder: "s3://bucket/data.parquet", required: true });
  const readerFormat = select("reader_format", formats, "parquet");
  const scanMode = select("scan_mode", ["single_file", "directory"] as const, "single_file");
  const hive = h("input", { type: "checkbox", name: "hive_partitioning", id: "hive" });
  hive.checked = true;
  const readerCsv = csvOptions(readerFormat);
  const previewArea = h("div", { class: "preview", "aria-live": "polite" });
  const readerSettings = (): ReaderSettings => ({
    connection: readerConnection.element.value,
    path: readerPath.value.trim(),
    format: readerFormat.value as ReaderSettings["format"],
    scan_mode: scanMode.value as ReaderSettings["scan_mode"],
    hive_partitioning: hive.checked,
    csv: readerCsv.read(),
  });
  const previewButton = h("button", { type: "button", onclick: () => void preview() }, "Preview data");
  const preview = async (): Promise<void> => {
    clear(previewArea);
    previewArea.appendChild(message("info", "Reading the first rows…"));
    previewButton.disabled = true;
    try {
      const result = await api.post<Preview>("/api/data/preview", { ...readerSettings(), limit: 100 });
      clear(previewArea);
      previewArea.appendChild(previewTable(result));
    } catch (error) {
      clear(previewArea);
      previewArea.appendChild(message("error", describeError(error)));
    } finally {
      previewButton.disabled = false;
    }
  };
  const reader = h(
    "section",
    { class: "card node", "aria-labelledby": "reader-title" },
    h("h2", { id: "reader-title" }, "Cloud Storage Reader"),
    field("Connection", readerConnection.element),
    h("div", { class: "path-row" }, field("Path (object, folder or glob)", readerPath), pathPicker(readerConnection.element, readerPath)),
    h("div", { class: "row" }, field("Format", readerFormat), field("Scan mode", scanMode)),
    h("div", { class: "check" }, hive, h("label", { for: "hive" }, "Read key=value folders as columns")),
    readerCsv.element,
    h("div", { class: "buttons" }, previewButton),
    previewArea,
  );

  // Writer node.
  const writerConnection = connectionSelect("writer_connection");
  const writerPath = h("input", { type: "text", name: "writer_path", placeholder: "s3://bucket/output.parquet", required: true });
  const writerFormat = select("writer_format", formats, "parquet");
  const compression = select("compression", compressions, "snappy");
  const writeMode = select("write_mode", ["overwrite", "append"] as const, "overwrite");
  const writerCsv = csvOptions(writerFormat);
  writerFormat.addEventListener("change", () => {
    compression.disabled = writerFormat.value !== "parquet";
  });
  const writerSettings = (): WriterSettings => ({
    connection: writerConnection.element.value,
    path: writerPath.value.trim(),
    format: writerFormat.value as WriterSettings["format"],
    compression: compression.value as WriterSettings["compression"],
    write_mode: writeMode.value as WriterSettings["write_mode"],
    csv: writerCsv.read(),
  });
  const runArea = h("div", { class: "run-status", "aria-live": "polite" });
  const runButton = h("button", { type: "button", onclick: () => void run() }, "Run flow");
  const run = async (): Promise<void> => {
    clear(runArea);
    runButton.disabled = true;
    try {
      const started = await api.post<{ job_id: string }>("/api/flows/run", { reader: readerSettings(), writer: writerSettings() });
      const progress = h("progress", { "aria-label": "Flow progress" });
      const text = h("p", { class: "message info", role: "status" }, "Starting…");
      append(runArea, progress, text);
      for (;;) {
        const job = await api.get<JobStatus>(`/api/jobs/${started.job_id}`);
        if (job.state === "running") {
          text.textContent = `Running: ${job.rows_read.toLocaleString()} rows read in ${job.batches_read} batches`;
          await new Promise((resolve) => setTimeout(resolve, 400));
          continue;
        }
        clear(runArea);
        if (job.state === "succeeded" && job.result !== null) {
          runArea.appendChild(
            message(
              "ok",
              `Done: wrote ${job.result.rows.toLocaleString()} rows (${formatBytes(job.result.bytes)}) to ${job.result.path} in ${job.result.seconds.toFixed(2)} s.`,
            ),
          );
        } else {
          runArea.appendChild(
            message("error", job.error === null ? "The flow failed." : describeJobError(job.error)),
          );
        }
        break;
      }
    } catch (error) {
      clear(runArea);
      runArea.appendChild(message("error", describeError(error)));
    } finally {
      runButton.disabled = false;
    }
  };
  const writer = h(
    "section",
    { class: "card node", "aria-labelledby": "writer-title" },
    h("h2", { id: "writer-title" }, "Cloud Storage Writer"),
    field("Connection", writerConnection.element),
    h("div", { class: "path-row" }, field("Path", writerPath), pathPicker(writerConnection.element, writerPath)),
    h("div", { class: "row" }, field("Format", writerFormat), field("Compression", compression), field("Write mode", writeMode)),
    writerCsv.element,
  );

  append(
    main,
    h("div", { class: "page-head" }, h("h1", {}, "Flow"), runButton),
    h("div", { class: "flow" }, reader, h("div", { class: "arrow", "aria-hidden": "true" }, "→"), writer),
    runArea,
  );
  void readerConnection.reload();
  void writerConnection.reload();
}

function describeJobError(error: { code: string; message: string }): string {
  return describeError(new ApiError(0, error.code, error.message, undefined));
}

function previewTable(preview: Preview): HTMLElement {
  const head = h("tr", {}, ...preview.columns.map((column) => h("th", { scope: "col", title: column.type }, column.name, h("small", {}, column.type))));
  const body = h("tbody");
  for (const row of preview.rows) {
    body.appendChild(h("tr", {}, ...row.map((cell) => h("td", {}, cell === null ? "null" : String(cell)))));
  }
  return h(
    "div",
    { class: "table-wrap" },
    h("p", { class: "message info" }, `${preview.row_count} rows shown, ${preview.columns.length} columns.`),
    h("table", { class: "data" }, h("thead", {}, head), body),
  );
}
