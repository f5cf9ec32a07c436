// A Writer's Delta settings: modes per format, column lists, warnings, the
// request it sends, and a table's history as the panel lists it.
import { describe, expect, it } from "vitest";
import { writerWarnings } from "../src/logic/browse";
import { columnList, deltaWarnings, historyRow, isMergeMode, writeModesFor } from "../src/logic/delta_writer";
import { newWriter } from "../src/logic/flow_model";
import { writerNode } from "../src/logic/flow_request";

describe("write modes", () => {
  it("offers the table's modes for Delta only", () => {
    expect(writeModesFor("parquet").map((mode) => mode.value)).toEqual(["overwrite", "append"]);
    expect(writeModesFor("delta").map((mode) => mode.value)).toEqual([
      "overwrite",
      "append",
      "error",
      "upsert",
      "update",
      "delete",
    ]);
    expect(["upsert", "update", "delete"].every((mode) => isMergeMode(mode as "upsert"))).toBe(true);
    expect(isMergeMode("append")).toBe(false);
  });

  it("reads column lists typed with commas and blanks", () => {
    expect(columnList(" id, city ,,day ")).toEqual(["id", "city", "day"]);
    expect(columnList("")).toEqual([]);
  });

  it("asks for merge keys before a merge runs", () => {
    expect(deltaWarnings("upsert", [])[0]).toContain("Merge keys");
    expect(deltaWarnings("upsert", ["id"])).toEqual([]);
    expect(deltaWarnings("append", [])).toEqual([]);
  });

  it("takes a Delta table's folder without asking for a file name", () => {
    expect(writerWarnings("s3://b/table/", "delta", "upsert", null)).toEqual([]);
    expect(writerWarnings("s3://b/t.parquet", "delta", "append", null)[0]).toContain("folder");
  });
});

describe("the writer node", () => {
  it("sends partition columns and merge keys with a Delta writer only", () => {
    const delta = { ...newWriter(), format: "delta" as const, write_mode: "upsert" as const };
    delta.partition_by = ["city"];
    delta.merge_keys = ["id"];
    expect(writerNode(delta)).toMatchObject({ write_mode: "upsert", partition_by: ["city"], merge_keys: ["id"] });
    expect(writerNode({ ...delta, write_mode: "append" }).merge_keys).toBeUndefined();
    const parquet = { ...delta, format: "parquet" as const, write_mode: "overwrite" as const };
    expect(writerNode(parquet).partition_by).toBeUndefined();
    expect(writerNode(parquet).merge_keys).toBeUndefined();
  });
});

describe("table history", () => {
  it("lists a commit with its time in UTC and unknown counts as a dash", () => {
    const row = historyRow({
      version: 3,
      timestamp: Date.UTC(2026, 11, 4, 10, 30, 5),
      operation: "MERGE",
      rows_added: 5,
      rows_removed: null,
      files_added: 1,
      files_removed: 1,
    });
    expect(row).toEqual({
      version: 3,
      time: "2026-12-04 10:30:05 UTC",
      operation: "MERGE",
      rowsAdded: "5",
      rowsRemoved: "–",
    });
  });
});
