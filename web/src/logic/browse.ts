// Paths as the storage browser and the Writer node handle them.
import type { BrowseEntry, FileFormat, WriteMode } from "../api/types";
import { formatOfPath } from "./messages";

// The folder above `path` ("" above a bucket: the bucket list).
export function parentPath(path: string): string {
  const parent = path.replace(/\/+$/, "").replace(/[^/]*$/, "");
  return parent.endsWith("://") ? "" : parent;
}

// The folder a path is in, or the path itself when it is a folder.
export function folderOf(path: string): string {
  return path.endsWith("/") ? path : path.replace(/[^/]*$/, "");
}

export function entryName(entry: BrowseEntry): string {
  return entry.path.replace(/\/+$/, "").split("/").pop() ?? entry.path;
}

// Whether the browser shows a file when the node reads or writes `format`.
export function matchesFormat(entry: BrowseEntry, format: FileFormat): boolean {
  return entry.is_directory || formatOfPath(entry.path) === format;
}

// A file name for a Writer that was pointed at a folder: never the bare
// folder, which would write an object named like the folder.
export function fileInFolder(folder: string, format: FileFormat): string {
  const base = folder.endsWith("/") ? folder : `${folder}/`;
  return `${base}output.${format}`;
}

// What a Writer's path and settings will do, said before the run.
export function writerWarnings(
  path: string,
  format: FileFormat,
  mode: WriteMode,
  existing: BrowseEntry | null,
): string[] {
  const warnings: string[] = [];
  const named = formatOfPath(path);
  if (format === "delta") {
    // A table is a folder: its files and log are the library's to name.
    if (named !== undefined)
      warnings.push(`A Delta table is a folder, but ${path} names a ${named} file: give a folder.`);
    return warnings;
  }
  if (path !== "" && path.endsWith("/") && mode === "overwrite") {
    warnings.push(`The path ends with “/”: give a file name, such as ${fileInFolder(path, format)}.`);
  }
  if (named !== undefined && named !== format) {
    warnings.push(`The file name says ${named} but File format is ${format}: change one of them.`);
  }
  if (existing !== null && !existing.is_directory && mode === "overwrite") {
    warnings.push(`${path} exists and will be replaced when the flow runs.`);
  }
  if (mode === "append" && (named !== undefined || (existing !== null && !existing.is_directory))) {
    warnings.push(
      `Append adds a new file inside a folder, but ${path} names a file: give its folder (${folderOf(path)}), or choose Write mode overwrite.`,
    );
  }
  return warnings;
}
