// A node's connection dropdown: how it names connections and its empty choice.
import { describe, expect, it } from "vitest";
import type { Connection } from "../src/api/types";
import { emptyConnectionLabel, missingConnectionMessage } from "../src/logic/connection_choice";

const lake = { connection_name: "lake" } as Connection;

describe("emptyConnectionLabel", () => {
  it("offers local credentials in embedded mode only", () => {
    expect(emptyConnectionLabel(true, [lake])).toBe("No connection (local credentials)");
    expect(emptyConnectionLabel(false, [lake])).toBe("Choose a connection");
    expect(emptyConnectionLabel(false, [])).toBe("No connections yet");
  });
});

describe("missingConnectionMessage", () => {
  it("names a deleted connection, and nothing for no connection", () => {
    expect(missingConnectionMessage("gone", [lake])).toMatch(/“gone” no longer exists/);
    expect(missingConnectionMessage("lake", [lake])).toBeNull();
    expect(missingConnectionMessage("", [lake])).toBeNull();
  });
});
