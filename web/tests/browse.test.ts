// Paths in the storage browser and what a Writer warns about before a run.
import { describe, expect, it } from "vitest";
import { fileInFolder, parentPath, writerWarnings } from "../src/logic/browse";

describe("paths", () => {
  it("goes up one folder, and from a bucket to the bucket list", () => {
    expect(parentPath("s3://b/in/x.parquet")).toBe("s3://b/in/");
    expect(parentPath("s3://b/in/")).toBe("s3://b/");
    expect(parentPath("s3://b/")).toBe("");
  });

  it("suggests a file in a folder picked for writing", () => {
    expect(fileInFolder("s3://b/out/", "csv")).toBe("s3://b/out/output.csv");
    expect(fileInFolder("s3://b/out", "parquet")).toBe("s3://b/out/output.parquet");
  });
});

describe("writerWarnings", () => {
  const file = { path: "s3://b/out/x.parquet", is_directory: false, size: 10 };
  it("warns that overwrite replaces an existing object", () => {
    expect(writerWarnings(file.path, "parquet", "overwrite", file)).toEqual([
      "s3://b/out/x.parquet exists and will be replaced when the flow runs.",
    ]);
  });
  it("warns when the extension and the format disagree", () => {
    expect(writerWarnings("s3://b/out/x.csv", "parquet", "overwrite", null)[0]).toMatch(
      /says csv but File format is parquet/,
    );
  });
  it("warns when append targets a file", () => {
    expect(writerWarnings(file.path, "parquet", "append", file)[0]).toMatch(/give its folder \(s3:\/\/b\/out\/\)/);
  });
  it("warns about a bare folder path", () => {
    expect(writerWarnings("s3://b/out/", "parquet", "overwrite", null)[0]).toMatch(/give a file name/);
  });
  it("says nothing for a new file of the right format", () => {
    expect(writerWarnings("s3://b/out/new.parquet", "parquet", "overwrite", null)).toEqual([]);
  });
});
