import { parentPort, workerData } from 'node:worker_threads';
import type { CellSpec } from '../../spec/scale';
import { InvalidInputError } from '../errors';
import { getLearner, loadLearnerModule } from '../learners/registry';
import { runCell } from './job';
import type { JobReply, JobRequest, TaskReply, TaskRequest } from './pool';
import { taskHandler } from './tasks';

/**
 * Worker-thread entry of the local pool (compiled to dist/src/scaling/worker.js):
 * loads the learner modules it is given (`workerData.learnerModules`, see
 * `registerLearner`), then receives {@link JobRequest}s, runs {@link runCell} with the
 * learner registry, replies with the result and its wall time, or with the error; a
 * {@link TaskRequest} runs its kind's handler from src/scaling/tasks.ts instead.
 */
if (!parentPort) throw new Error('worker.js must run as a worker thread');
const port = parentPort;
const modules = (workerData as { learnerModules?: readonly string[] } | null)?.learnerModules ?? [];
const ready: Promise<unknown> = Promise.all(modules.map((m) => loadLearnerModule(m)));
// A module that fails to load is reported with the first job (handle awaits `ready`).
ready.catch(() => undefined);
port.on('message', (msg: JobRequest | TaskRequest) => {
  if ('task' in msg) handleTask(msg);
  else void handle(msg.index, msg.spec);
});

function errorOf(e: unknown): Extract<JobReply, { ok: false }>['error'] {
  return {
    name: e instanceof Error ? e.name : 'Error',
    message: e instanceof Error ? e.message : String(e),
    ...(e instanceof InvalidInputError ? { subject: e.subject, violations: e.violations.slice() } : {}),
  };
}

function handleTask(msg: TaskRequest): void {
  const t0 = performance.now();
  let reply: TaskReply;
  try {
    const handler = taskHandler(msg.task.kind);
    if (!handler) throw new Error(`unknown task kind '${msg.task.kind}'`);
    reply = {
      index: msg.index,
      ok: true,
      result: handler(msg.task.input),
      wallSeconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    reply = { index: msg.index, ok: false, error: errorOf(e) };
  }
  port.postMessage(reply);
}

async function handle(index: number, spec: CellSpec): Promise<void> {
  const t0 = performance.now();
  let reply: JobReply;
  try {
    await ready;
    const result = await runCell(spec, getLearner);
    reply = { index, ok: true, result, wallSeconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    reply = { index, ok: false, error: errorOf(e) };
  }
  port.postMessage(reply);
}
