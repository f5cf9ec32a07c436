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
// Rows read and the rows the run will read, when the server knows it
// beforehand (Parquet without filters): the progress bar's value and max.
export const progressRows = ref<{ read: number; total: number } | null>(null);
export const outcome = ref<{ kind: "ok" | "error" | "warning"; text: string } | null>(null);
// The job running now, for Cancel; "" between jobs.
const currentJob = ref("");
const cancelled = "\u0000cancelled";
let cancelAsked = false;
// Counts finished runs: what a Writer's path holds may have changed.
export const runsFinished = ref(0);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setChain(run: PlannedRun, state: "queued" | "running", text: string): void {
  for (const node of run.chain) nodeStatus.set(node.id, { state, text });
  nodeStatus.set(run.writerId, { state, text });
}

// The node named as people see it on the canvas.
function titleOf(nodeId: string): string {
  const node = flowStore.nodes.find((n) => n.id === nodeId);
  return node === undefined ? "A node" : nodeTitle(flowStore, node);
}

// Runs one planned job to its end; returns "" when done, else the outcome
// line naming the node that failed ("Add column failed: ...").
async function runOne(run: PlannedRun): Promise<string> {
  const readerId = run.chain[0]?.id ?? "";
  const fail = (field: string | undefined, raw: string, text: string): string => {
    const failed = nodeOfError(run, field, raw);
    const order = [...run.chain.map((node) => node.id), run.writerId];
    const at = order.indexOf(failed);
    const name = titleOf(failed);
    order.forEach((id, i) => {
      if (i < at) nodeStatus.set(id, { state: "queued", text: `Stopped: ${name} failed.` });
      else if (i > at) nodeStatus.set(id, { state: "queued", text: `Not run: ${name} failed.` });
    });
    nodeStatus.set(failed, { state: "failed", text });
    return `${name} failed: ${text}`;
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
  currentJob.value = started.job_id;
  if (cancelAsked) void cancelRun();
  for (;;) {
    let job: Job;
    try {
      job = await api.get<Job>(`/api/jobs/${encodeURIComponent(started.job_id)}`);
    } catch (error) {
      return fail(undefined, "", describeError(error));
    }
    if (job.state === "running") {
      const total = job.rows_total ?? null;
      progressRows.value = total !== null && total > 0 ? { read: Math.min(job.rows_read, total), total } : null;
      const read =
        progressRows.value === null
          ? `${job.rows_read.toLocaleString()} rows read`
          : `${job.rows_read.toLocaleString()} of ${total?.toLocaleString() ?? ""} rows read`;
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
    if (job.state === "cancelled") {
      setChain(run, "queued", "Cancelled: nothing was written.");
      return cancelled;
    }
    const error = job.error ?? { code: "internal", message: "The run failed without a reason." };
    return fail(error.field, error.message, describeJobError(error, { format: run.request.reader.format }));
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
  cancelAsked = false;
  progressRows.value = null;
  progress.value = "Starting…";
  for (const run of runs)
    for (const node of [...run.chain]) nodeStatus.set(node.id, { state: "queued", text: "Queued" });
  for (const run of runs) nodeStatus.set(run.writerId, { state: "queued", text: "Queued" });
  const written: string[] = [];
  try {
    for (const run of runs) {
      if (cancelAsked) {
        outcome.value = {
          kind: "warning",
          text: `Cancelled.${written.length > 0 ? ` Done before: ${written.join("; ")}.` : ""}`,
        };
        return;
      }
      const failure = await runOne(run);
      const writer = flowStore.nodes.find((node) => node.id === run.writerId);
      const name = writer === undefined ? "the writer" : nodeTitle(flowStore, writer);
      if (failure === cancelled) {
        const done = written.length > 0 ? ` Already done: ${written.join("; ")}.` : "";
        outcome.value = { kind: "warning", text: `Cancelled: ${name} wrote nothing.${done}` };
        return;
      }
      if (failure !== "") {
        outcome.value = { kind: "error", text: failure };
        return;
      }
      written.push(`${nodeStatus.get(run.writerId)?.text.replace(/^Done: /, "") ?? ""} to ${run.request.writer.path}`);
    }
    outcome.value = { kind: "ok", text: `Done: ${written.join("; ")}.` };
  } finally {
    running.value = false;
    currentJob.value = "";
    progressRows.value = null;
    runsFinished.value += 1;
  }
}

// Stops the running job at its next batch; the writers after it do not start.
export async function cancelRun(): Promise<void> {
  cancelAsked = true;
  progress.value = "Cancelling…";
  if (currentJob.value === "") return;
  try {
    await api.post<Job>(`/api/jobs/${encodeURIComponent(currentJob.value)}/cancel`);
  } catch (error) {
    progress.value = `Could not cancel: ${describeError(error)}`;
  }
}

// A run's outcome belongs to the flow it ran: a change clears it.
export function clearOutcome(): void {
  if (!running.value) outcome.value = null;
}
