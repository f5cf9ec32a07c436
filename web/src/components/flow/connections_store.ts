// The user's connections as the flow's nodes see them: one list, fetched
// fresh when a node's connection dropdown gets focus or the Flow page is
// shown, so connections made a moment ago (here, in Python or the CLI)
// appear, and deleted ones are noticed.
import { ref } from "vue";
import { api } from "../../api/client";
import type { Connection, ConnectionList } from "../../api/types";
import { describeError } from "../../logic/messages";

export const connections = ref<Connection[] | null>(null);
// Whether a node may read and write with no connection, through the local
// user's own credentials: in embedded mode only (the App sets it).
export const localCredentialsOffered = ref(false);
export const connectionsFailure = ref("");

let pending: Promise<void> | null = null;

export function reloadConnections(): Promise<void> {
  pending ??= api
    .get<ConnectionList>("/api/connections")
    .then((list) => {
      connections.value = list.connections;
      connectionsFailure.value = "";
    })
    .catch((error: unknown) => {
      connectionsFailure.value = describeError(error);
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

// Forgets the list (on sign-out: it belongs to the user who asked).
export function forgetConnections(): void {
  connections.value = null;
  connectionsFailure.value = "";
}
