// How a node's connection dropdown names connections, and what it says
// when the chosen one is gone.
import type { Connection } from "../api/types";
import { authLabels, storageTypeShortLabels } from "./labels";

// "data-lake (S3 – Access key)": the name, then where and how it signs in.
export function connectionOptionLabel(connection: Connection): string {
  const storage = storageTypeShortLabels[connection.storage_type] ?? connection.storage_type;
  const auth = authLabels[connection.auth_method] ?? connection.auth_method;
  return `${connection.connection_name} (${storage} – ${auth})`;
}

// The message a node shows when its connection no longer exists; null when
// it does, or when the list is not known yet.
export function missingConnectionMessage(chosen: string, list: Connection[] | null): string | null {
  if (chosen === "" || list === null) return null;
  if (list.some((connection) => connection.connection_name === chosen)) return null;
  return `The connection “${chosen}” no longer exists (deleted or renamed): choose another one, or create it again on the Connections page.`;
}

// The dropdown's empty choice: in embedded mode it reads and writes with the
// local user's own credentials (no connection); elsewhere it is no choice.
export function emptyConnectionLabel(localCredentials: boolean, list: Connection[] | null): string {
  if (localCredentials) return "No connection (local credentials)";
  return list?.length === 0 ? "No connections yet" : "Choose a connection";
}
