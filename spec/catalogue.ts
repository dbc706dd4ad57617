import type { TSchema } from '@sinclair/typebox';
import { AtlasResultSchema } from './atlas';
import { CheckResultSchema } from './check';
import { ExternalResultSchema, ExternalTaskSchema } from './external';
import { ScoreResultSchema } from './external-score';
import { GeneratorParamsSchema } from './generator';
import { GrammarFileSchema } from './grammar';
import { InvariantInfoSchema } from './invariant';
import { LearnResultSchema } from './learn';
import { ReportSchema } from './report';
import { CellResultSchema, CellSpecSchema, LedgerLineSchema, ScaleResultSchema } from './scale';
import { VerifyResultSchema } from './verify';
import { ViolationSchema } from './violation';

/** Every boundary schema, with the file its JSON Schema is emitted to under spec/schemas/. */
export const SCHEMA_CATALOGUE: readonly { readonly file: string; readonly schema: TSchema }[] = [
  { file: 'rhm-grammar-1.schema.json', schema: GrammarFileSchema },
  { file: 'rhm-generator-params.schema.json', schema: GeneratorParamsSchema },
  { file: 'rhm-violation.schema.json', schema: ViolationSchema },
  { file: 'rhm-invariant.schema.json', schema: InvariantInfoSchema },
  { file: 'rhm-check-1.schema.json', schema: CheckResultSchema },
  { file: 'rhm-scale-1.schema.json', schema: ScaleResultSchema },
  { file: 'rhm-scale-cell-1.schema.json', schema: CellSpecSchema },
  { file: 'rhm-scale-cell-result-1.schema.json', schema: CellResultSchema },
  { file: 'rhm-scale-ledger-1.schema.json', schema: LedgerLineSchema },
  { file: 'rhm-learn-1.schema.json', schema: LearnResultSchema },
  { file: 'rhm-verify-1.schema.json', schema: VerifyResultSchema },
  { file: 'rhm-atlas-1.schema.json', schema: AtlasResultSchema },
  { file: 'rhm-report-1.schema.json', schema: ReportSchema },
  { file: 'rhm-external-task-1.schema.json', schema: ExternalTaskSchema },
  { file: 'rhm-external-result-1.schema.json', schema: ExternalResultSchema },
  { file: 'rhm-score-1.schema.json', schema: ScoreResultSchema },
];

/** The JSON Schema document of a TypeBox schema, as committed under spec/schemas/. */
export function schemaDocument(schema: TSchema): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`;
}
