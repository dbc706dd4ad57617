import { parentPort, workerData } from 'node:worker_threads';
import type { CellSpec } from '../../spec/scale';
import { InvalidInputError } from '../errors';
import { getLearner, loadLearnerModule } from '../learners/registry';
import { runCell } from './job';
import type { JobReply, JobRequest } from './pool';

/**
 * Worker-thread entry of the local pool (compiled to dist/src/scaling/worker.js):
 * loads the learner modules it is given (`workerData.learnerModules`, see
 * `registerLearner`), then receives {@link JobRequest}s, runs {@link runCell} with the
 * learner registry, replies with the result and its wall time, or with the error.
 */
if (!parentPort) throw new Error('worker.js must run as a worker thread');
const port = parentPort;
const modules = (workerData as { learnerModules?: readonly string[] } | null)?.learnerModules ?? [];
const ready: Promise<unknown> = Promise.all(modules.map((m) => loadLearnerModule(m)));
// A module that fails to load is reported with the first job (handle awaits `ready`).
ready.catch(() => undefined);
port.on('message', (msg: JobRequest) => {
  void handle(msg.index, msg.spec);
});

async function handle(index: number, spec: CellSpec): Promise<void> {
  const t0 = performance.now();
  let reply: JobReply;
  try {
    await ready;
    const result = await runCell(spec, getLearner);
    reply = { index, ok: true, result, wallSeconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    reply = {
      index,
      ok: false,
      error: {
        name: e instanceof Error ? e.name : 'Error',
        message: e instanceof Error ? e.message : String(e),
        ...(e instanceof InvalidInputError ? { subject: e.subject, violations: e.violations.slice() } : {}),
      },
    };
  }
  port.postMessage(reply);
}
