import * as tf from '@tensorflow/tfjs-core';
import { inputLength } from '../../src/grammar/grammar';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { ensureBackend, liveTensors } from '../../src/learners/backend';
import { buildNet, disposeNet, forward, oneHotRows, type Net } from '../../src/learners/nn/architecture';
import { batchGradients, fanIn, hostParams, type HostParams } from '../../src/learners/nn/step';
import { HostUpdater } from '../../src/learners/nn/training';
import type { Grammar } from '../../src/grammar/grammar';
import { smallGrammar } from './support';

/**
 * The host-side training step of cnn / fcn (issue 11, item 6) against two
 * independent references: the backend-op formulation it replaced (forward pass of
 * architecture.ts, logSoftmax, explicit transposes) and central finite differences
 * of a float64 forward pass written here. Deterministic (fixed seeds), no statistics.
 */

/** The replaced formulation: gradients through tfjs ops, as training.ts computed them before issue 11. */
function referenceGradients(net: Net, x: tf.Tensor2D, y: tf.Tensor2D): { loss: number; grads: Float32Array[] } {
  return tf.tidy(() => {
    const n = x.shape[0];
    const f = forward(net, x);
    const logp = tf.logSoftmax(f.logits);
    const loss = tf.neg(tf.div(tf.sum(tf.mul(y, logp)), n));
    const dlogits = tf.div<tf.Tensor2D>(tf.sub(tf.exp(logp), y), n);
    const top = f.acts[f.acts.length - 1] as tf.Tensor2D;
    const readout = tf.div<tf.Tensor2D>(tf.matMul(tf.transpose(top), dlogits), net.H);
    let dA = tf.div<tf.Tensor2D>(tf.matMul(dlogits, tf.transpose(net.readout)), net.H);
    const hidden: Float32Array[] = [];
    for (let k = net.hidden.length - 1; k >= 0; k--) {
      const dZ = tf.mul<tf.Tensor2D>(dA, tf.step<tf.Tensor2D>(f.pre[k] as tf.Tensor2D));
      hidden[k] = tf.matMul(tf.transpose(f.inputs[k] as tf.Tensor2D), dZ).dataSync() as Float32Array;
      if (k > 0) {
        const dX = tf.matMul(dZ, tf.transpose(net.hidden[k] as tf.Tensor2D));
        dA = tf.reshape(dX, [dX.shape[0] * net.s, net.H]);
      }
    }
    return {
      loss: (loss.dataSync() as Float32Array)[0] as number,
      grads: [readout.dataSync() as Float32Array, ...hidden],
    };
  });
}

/** Mean cross-entropy in float64 on the host (the architecture of architecture.ts, written out). */
function lossF64(net: Net, p: Float64Array[], tokens: Int32Array, labels: Int32Array, rows: number[]): number {
  const { H, v, d } = net;
  const [readout, ...hidden] = p as [Float64Array, ...Float64Array[]];
  const nc = readout.length / H;
  let total = 0;
  for (const i of rows) {
    let h: number[] = [];
    for (let t = 0; t < d; t++) for (let c = 0; c < v; c++) h.push(tokens[i * d + t] === c ? 1 : 0);
    for (let k = 0; k < hidden.length; k++) {
      const fin = fanIn(net, k);
      const w = hidden[k] as Float64Array;
      const next: number[] = [];
      for (let r = 0; r < h.length / fin; r++) {
        for (let j = 0; j < H; j++) {
          let z = 0;
          for (let q = 0; q < fin; q++) z += (h[r * fin + q] as number) * (w[q * H + j] as number);
          next.push(Math.max(z, 0));
        }
      }
      h = next;
    }
    const logits = Array.from({ length: nc }, (_, c) => {
      let z = 0;
      for (let j = 0; j < H; j++) z += (h[j] as number) * (readout[j * nc + c] as number);
      return z / H;
    });
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((a, z) => a + Math.exp(z - max), 0));
    total += lse - (logits[labels[i] as number] as number);
  }
  return total / rows.length;
}

function setup(
  kind: 'cnn' | 'fcn',
  g: Grammar,
  H: number,
): { net: Net; p: HostParams; tokens: Int32Array; labels: Int32Array; rows: number[] } {
  const net = buildNet(kind, g, H, Rng.fromSeed(7).stream('init'));
  const batch = sampleIid(g, 24, Rng.fromSeed(7).stream('sample'));
  return {
    net,
    p: hostParams(net),
    tokens: batch.tokens,
    labels: batch.labels,
    rows: Array.from({ length: 24 }, (_, i) => i),
  };
}

describe('host-side training step of cnn / fcn', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  test.each([
    ['cnn', 3],
    ['fcn', 2],
  ] as const)(
    '%s (L = %i): loss and gradients equal the replaced tfjs-op formulation to float32 rounding',
    (kind, L) => {
      const g = smallGrammar('cagnetta', 2, L);
      const before = liveTensors();
      const { net, p, tokens, labels, rows } = setup(kind, g, 16);
      const mine = batchGradients(net, p, tokens, labels, rows);
      const nc = p.readout.length / net.H;
      const ref = tf.tidy(() => {
        const x = tf.tensor2d(oneHotRows(tokens, net.d, net.v, rows), [rows.length, inputLength(g) * net.v]);
        const y = tf.oneHot(
          tf.tensor1d(
            Int32Array.from(rows, (i) => labels[i] as number),
            'int32',
          ),
          nc,
        ) as tf.Tensor2D;
        return referenceGradients(net, x, y);
      });
      expect(Math.abs(mine.loss - ref.loss)).toBeLessThan(1e-5);
      const ours = [mine.readout, ...mine.hidden];
      ours.forEach((gr, i) => {
        const r = ref.grads[i] as Float32Array;
        const scale = Math.max(...Array.from(r, Math.abs));
        expect(scale).toBeGreaterThan(0);
        for (let j = 0; j < r.length; j++)
          expect(Math.abs((gr[j] as number) - (r[j] as number))).toBeLessThan(1e-4 * scale);
      });
      disposeNet(net);
      expect(liveTensors()).toBe(before);
    },
  );

  test('cnn gradients match central finite differences of a float64 forward pass (40 fixed coordinates)', () => {
    const g = smallGrammar('cagnetta', 2, 2);
    const { net, p, tokens, labels, rows } = setup('cnn', g, 8);
    const mine = batchGradients(net, p, tokens, labels, rows);
    const params64 = [p.readout, ...p.hidden].map((a) => Float64Array.from(a));
    const grads = [mine.readout, ...mine.hidden];
    const pick = Rng.fromSeed(3);
    const eps = 1e-5;
    for (let t = 0; t < 40; t++) {
      const a = t % params64.length;
      const arr = params64[a] as Float64Array;
      const j = Math.floor(pick.nextFloat() * arr.length);
      const x0 = arr[j] as number;
      arr[j] = x0 + eps;
      const up = lossF64(net, params64, tokens, labels, rows);
      arr[j] = x0 - eps;
      const down = lossF64(net, params64, tokens, labels, rows);
      arr[j] = x0;
      const fd = (up - down) / (2 * eps);
      // float32 gradients against float64 differences: absolute 1e-5 plus 1e-3 relative.
      expect(Math.abs(((grads[a] as Float32Array)[j] as number) - fd)).toBeLessThan(1e-5 + 1e-3 * Math.abs(fd));
    }
    disposeNet(net);
  });

  test('the host Adam update is the textbook one (β1 = 0.9, β2 = 0.999, ε = 1e-8, bias-corrected), SGD is p − lr·g', () => {
    const g1 = Float32Array.from([0.5, -2, 0]);
    const g2 = Float32Array.from([-0.25, 1, 3]);
    const p = Float32Array.from([1, 2, 3]);
    const adam = new HostUpdater('adam', 0.1, [3]);
    adam.step([p], [g1]);
    adam.step([p], [g2]);
    for (let j = 0; j < 3; j++) {
      let x = [1, 2, 3][j] as number;
      let m = 0;
      let v = 0;
      [g1, g2].forEach((gr, t) => {
        const gj = gr[j] as number;
        m = 0.9 * m + 0.1 * gj;
        v = 0.999 * v + 0.001 * gj * gj;
        x -= (0.1 * (m / (1 - 0.9 ** (t + 1)))) / (Math.sqrt(v / (1 - 0.999 ** (t + 1))) + 1e-8);
      });
      expect(Math.abs((p[j] as number) - x)).toBeLessThan(1e-6);
    }
    const q = Float32Array.from([1, 2, 3]);
    new HostUpdater('sgd', 0.5, [3]).step([q], [g1]);
    expect(Array.from(q)).toEqual([0.75, 3, 3]);
  });
});
