import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGrammar, type Grammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { tempDir } from '../support/cli';

/** The small grammar the external-learner tests use: cagnetta, v = n_c = 4, m = 2, s = 2, L = 2 (P_max = 32). */
export function smallGrammarFile(): { path: string; grammar: Grammar } {
  const file = generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 1 });
  const path = join(tempDir(), 'g.json');
  writeFileSync(path, JSON.stringify(file));
  return { path, grammar: compileGrammar(file) };
}

/**
 * A Node.js program for the protocol, in a fresh file: it memorises the training
 * set (input → label), predicts the memorised label (0 when unseen) and gives, for
 * every level, the one-hot code of each patch's tokens (which identifies the patch,
 * not its parent). `body` replaces the final step (writing result.json) when given.
 */
export function nodeProgram(body?: string): string {
  const src = `
const fs = require('fs'), path = require('path');
const task = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const dir = task.taskDir, g = task.grammar;
function read(file) {
  const b = fs.readFileSync(path.join(dir, file)); const nl = b.indexOf(10);
  const h = JSON.parse(b.subarray(0, nl).toString()); const out = [];
  for (let i = 0; i < h.n; i++) { const r = []; for (let k = 0; k < h.recordInt32s; k++) r.push(b.readInt32LE(nl + 1 + 4 * (i * h.recordInt32s + k))); out.push(r); }
  return out;
}
const memo = new Map(); for (const r of read(task.train.file)) memo.set(r.slice(1).join(','), r[0]);
const outputs = {}; const v = g.vocabulary[g.L];
for (const set of task.inputSets) {
  const recs = read(set.file);
  if (recs.some((r) => r[0] !== -1)) { console.error('a label was given for ' + set.name); process.exit(9); }
  const pred = Buffer.alloc(4 * recs.length); recs.forEach((r, i) => pred.writeInt32LE(memo.get(r.slice(1).join(',')) ?? 0, 4 * i));
  fs.writeFileSync(path.join(dir, set.name + '.pred'), pred);
  const reps = [];
  for (let l = 1; l <= g.L; l++) {
    // level-l patches read level-l tokens; only the input level is known to this program: code each level-l patch by the input tokens below it
    const per = g.s ** (l - 1), span = g.d / per, dim = span * v;
    const buf = Buffer.alloc(4 * recs.length * per * dim);
    recs.forEach((r, i) => { for (let j = 0; j < per; j++) for (let t = 0; t < span; t++) buf.writeFloatLE(1, 4 * ((i * per + j) * dim + t * v + r[1 + j * span + t])); });
    fs.writeFileSync(path.join(dir, set.name + '.l' + l), buf); reps.push({ level: l, file: set.name + '.l' + l, dim });
  }
  outputs[set.name] = { predictions: set.name + '.pred', representations: reps };
}
${body ?? "fs.writeFileSync(path.join(dir, task.resultFile), JSON.stringify({ format: 'rhm-external-result/1', outputs }));"}
`;
  const file = join(tempDir(), 'learner.js');
  writeFileSync(file, src);
  return `"${process.execPath}" "${file}"`;
}
