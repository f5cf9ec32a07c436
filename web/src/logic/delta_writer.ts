// A Writer's Delta table settings: which write modes each format offers,
// the column lists typed as comma-separated text, and a table's history as
// the panel lists it. Plain functions, checked by unit tests.
import type { FileFormat, WriteMode } from "../api/types";
import type { components } from "../api/schema";

export type TableVersion = components["schemas"]["DeltaHistory"]["versions"][number];

const fileModes: { value: WriteMode; label: string }[] = [
  { value: "overwrite", label: "overwrite" },
  { value: "append", label: "append (new file in a folder)" },
];

const tableModes: { value: WriteMode; label: string }[] = [
  { value: "overwrite", label: "overwrite (replace the table's rows)" },
  { value: "append", label: "append (add rows)" },
  { value: "error", label: "error (fail if a table is there)" },
  { value: "upsert", label: "upsert (replace rows by key, insert the others)" },
  { value: "update", label: "update (replace rows by key)" },
  { value: "delete", label: "delete (remove rows by key)" },
];

export function writeModesFor(format: FileFormat): { value: WriteMode; label: string }[] {
  return format === "delta" ? tableModes : fileModes;
}

// upsert, update and delete match rows by merge keys.
export function isMergeMode(mode: WriteMode): boolean {
  return mode === "upsert" || mode === "update" || mode === "delete";
}

// "id, city" -> ["id", "city"]: blanks between commas are dropped.
export function columnList(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

export function columnText(names: string[]): string {
  return names.join(", ");
}

// What the Writer says before a run about its Delta settings.
export function deltaWarnings(mode: WriteMode, mergeKeys: string[]): string[] {
  if (isMergeMode(mode) && mergeKeys.length === 0) {
    return [`Write mode ${mode} matches rows by key: give the Merge keys (the columns that identify a row).`];
  }
  return [];
}

export interface HistoryRow {
  version: number;
  time: string;
  operation: string;
  rowsAdded: string;
  rowsRemoved: string;
}

// A commit as one line of the history table; an unknown count is "–".
export function historyRow(entry: TableVersion): HistoryRow {
  const count = (value: number | null) => (value === null ? "–" : String(value));
  return {
    version: entry.version,
    time: new Date(entry.timestamp)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " UTC"),
    operation: entry.operation === "" ? "–" : entry.operation,
    rowsAdded: count(entry.rows_added),
    rowsRemoved: count(entry.rows_removed),
  };
}
