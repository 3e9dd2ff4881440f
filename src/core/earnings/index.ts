// The earnings engine's public surface: posting, review, status and balances.
export { post, compareConversions } from './post';
export type { PostInput, PostResult, PostCounts, EarningsException } from './post';
export { LEDGER_COLUMNS, LEDGER_NUMBER_COLUMNS, LEDGER_TEXT_COLUMN_INDEXES, ENTRY_KINDS, entryToRow, entryFromRow } from './ledger-entry';
export type { LedgerEntry, LedgerColumn, EntryKind, AttributionBasis, ReviewState } from './ledger-entry';
export { rejectHeld, effectiveDecisions } from './review';
export type { ReviewDecision } from './review';
export { entryStatuses, ENTRY_STATUSES, NO_BATCHES } from './status';
export type { EntryStatus, BatchMembership } from './status';
export { partnerBalances } from './balances';
export type { PartnerBalance } from './balances';
export { checkLedgerInvariants, assertLedgerInvariants, partnerIdentities } from './invariants';
export type { LedgerInvariantReport, PartnerIdentity } from './invariants';
export { entryIdFor, saleKey, refundKey, rejectionKey } from './ids';
export { FLAG, EXCEPTION, NOTE, FREE_MAIL_DOMAINS } from './reasons';
export type { FlagCode, ExceptionCode } from './reasons';
