import { describe, expect, it } from "vitest";
import { newReader } from "../src/logic/flow_model";
import { readerNode } from "../src/logic/flow_request";

describe("readerNode", () => {
  it("sends an Iceberg snapshot id as text, so a 64-bit id stays exact", () => {
    const settings = { ...newReader(), path: " s3://lake/t/ ", format: "iceberg" as const };
    settings.snapshot_id = " 9007199254740993 ";
    expect(readerNode(settings)).toMatchObject({
      path: "s3://lake/t/",
      format: "iceberg",
      snapshot_id: "9007199254740993",
    });
  });

  it("leaves the snapshot out when blank or when the format is not iceberg", () => {
    expect(readerNode({ ...newReader(), format: "iceberg" })).not.toHaveProperty("snapshot_id");
    expect(readerNode({ ...newReader(), format: "parquet", snapshot_id: "12" })).not.toHaveProperty("snapshot_id");
  });
});
