// Runs the flow: one job per Writer, one after another, each node's status
// shown on it (queued, running, done with rows and bytes, failed with the
// error), and an outcome for the page.
import { ref } from "vue";
import { api } from "../../api/client";
import type { Job, JobStarted } from "../../api/types";
import { nodeOfError, planRuns, type PlannedRun } from "../../logic/flow_graph";
import { nodeTitle } from "../../logic/flow_model";
import { describeError, describeJobError, errorField, formatBytes } from "../../logic/messages";
import { flowStore, nodeStatus } from "./flow_store";

export const running = ref(false);
export const progress = ref("");
export const outcome = ref<{ kind: "ok" | "error"; text: string } | null>(null);
// Counts finished runs: what a Writer's path holds may have changed.
export const runsFinished = ref(0);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setChain(run: PlannedRun, state: "queued" | "running", text: string): void {
  for (const node of run.chain) nodeStatus.set(node.id, { state, text });
  nodeStatus.set(run.writerId, { state, text });
}

// Runs one planned job to its end; returns the error text, or "" when done.
async function runOne(run: PlannedRun): Promise<string> {
  const readerId = run.chain[0]?.id ?? "";
  const fail = (field: string | undefined, raw: string, text: string): string => {
    setChain(run, "queued", "Not run: an earlier node failed.");
    nodeStatus.set(nodeOfError(run, field, raw), { state: "failed", text });
    return text;
  };
  setChain(run, "running", "Running…");
  let started: JobStarted;
  try {
    started = await api.post<JobStarted>("/api/flows/run", run.request);
  } catch (error) {
    return fail(
      errorField(error),
      error instanceof Error ? error.message : "",
      describeError(error, { format: run.request.reader.format }),
    );
  }
  for (;;) {
    let job: Job;
    try {
      job = await api.get<Job>(`/api/jobs/${encodeURIComponent(started.job_id)}`);
    } catch (error) {
      return fail(undefined, "", describeError(error));
    }
    if (job.state === "running") {
      const read = `${job.rows_read.toLocaleString()} rows read`;
      progress.value = `Running: ${read} in ${job.batches_read} batches`;
      nodeStatus.set(readerId, { state: "running", text: `Reading: ${read}` });
      await pause(400);
      continue;
    }
    if (job.state === "succeeded" && job.result !== null) {
      const r = job.result;
      for (const node of run.chain) nodeStatus.set(node.id, { state: "done", text: "Done" });
      nodeStatus.set(readerId, { state: "done", text: `Done: ${job.rows_read.toLocaleString()} rows read` });
      nodeStatus.set(run.writerId, {
        state: "done",
        text: `Done: wrote ${r.rows.toLocaleString()} rows (${formatBytes(r.bytes)})`,
      });
      return "";
    }
    const error = job.error ?? { code: "internal", message: "The run failed without a reason." };
    return fail(undefined, error.message, describeJobError(error, { format: run.request.reader.format }));
  }
}

export async function runFlow(): Promise<void> {
  nodeStatus.clear();
  outcome.value = null;
  const { runs, problems } = planRuns(flowStore);
  if (problems.length > 0) {
    for (const problem of problems) {
      if (problem.nodeId !== "") nodeStatus.set(problem.nodeId, { state: "failed", text: problem.message });
    }
    outcome.value = {
      kind: "error",
      text: `The flow cannot run yet: ${problems.map((p) => p.message).join(" ")}`,
    };
    return;
  }
  running.value = true;
  progress.value = "Starting…";
  for (const run of runs)
    for (const node of [...run.chain]) nodeStatus.set(node.id, { state: "queued", text: "Queued" });
  for (const run of runs) nodeStatus.set(run.writerId, { state: "queued", text: "Queued" });
  const written: string[] = [];
  try {
    for (const run of runs) {
      const failure = await runOne(run);
      const writer = flowStore.nodes.find((node) => node.id === run.writerId);
      const name = writer === undefined ? "the writer" : nodeTitle(flowStore, writer);
      if (failure !== "") {
        outcome.value = { kind: "error", text: `${name} failed: ${failure}` };
        return;
      }
      written.push(`${nodeStatus.get(run.writerId)?.text.replace(/^Done: /, "") ?? ""} to ${run.request.writer.path}`);
    }
    outcome.value = { kind: "ok", text: `Done: ${written.join("; ")}.` };
  } finally {
    running.value = false;
    runsFinished.value += 1;
  }
}

// A run's outcome belongs to the flow it ran: a change clears it.
export function clearOutcome(): void {
  if (!running.value) outcome.value = null;
}
