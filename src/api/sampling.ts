/**
 * Sampling: i.i.d. samples into flat typed arrays, [C]'s index enumeration with
 * BigInt indices and train/test splits without replacement, and the compact
 * int32 sample format.
 * @module sampling
 */
export { sampleIid, sampleAt, assertSampleSize, type SampleBatch, type SampleOptions } from '../sampling/iid';
export { pMax, decodeIndex, drawDistinctIndices, batchFromIndices, trainTestSplit } from '../sampling/enumerate';
export {
  BINARY_SAMPLES_FORMAT,
  binaryHeader,
  encodeHeader,
  encodeRecords,
  decodeSamples,
  type BinarySamplesHeader,
} from '../sampling/binary';
