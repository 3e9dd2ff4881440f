// The payout module's public surface: building batches, the approval state machine, the Batches
// tab, and the payout files.
export { buildBatch } from './batch';
export type { BuildBatchInput, BuildBatchResult, SkippedPartner } from './batch';
export {
  BATCH_STATES, BATCH_EVENTS, payoutFingerprint, batchContentHash, totalsOf, batchViolations, assertBatch,
  assertLinesMatchLedger, holdsEntries, isOpen,
} from './model';
export type { Batch, BatchLine, BatchEvent, BatchEventKind, BatchState, CurrencyTotal, PayeeDetails } from './model';
export {
  TRANSITIONS, nextState, applyEvent, approveBatch, rejectBatch, voidBatch, markBatchPaid, checkExport, payeeChanges,
  membershipOf, payoutKey,
} from './state';
export type { TransitionResult, ApproveInput, ReasonInput, MarkPaidInput, MarkPaidResult, ExportInput } from './state';
export {
  BATCH_COLUMNS, BATCHES_TAB_HEADER, BATCH_RECORDS, ENTRY_IDS_CELL_MAX_CHARS, batchRowsFor, eventRow, lineRows, chunkEntryIds,
  readBatches,
} from './batches-tab';
export type { BatchColumn, BatchRecord, BatchRow, ReadBatchesResult } from './batches-tab';
export { PAYOUT_COLUMNS, MAX_ROWS_PER_FILE, payoutFiles, payoutFileCsv, payoutTabRows, presetMismatch, presetMismatches, presetProblems } from './presets';
export type { PayoutFile, ControlTotal, PresetProblem, PayoutFilesResult } from './presets';
export { SKIP_REASON, REFUSAL, describeSkipped, refusal } from './reasons';
export type { SkipReason, RefusalCode, Refusal } from './reasons';
