// Every function Apps Script can call: menu items, google.script.run targets and triggers. The build
// reads this module's exports and emits one top-level function declaration for each, so adding an
// export here is all it takes to make a function callable.
export { onOpen, onInstall, showSidebar } from './menu';
export { setUpWorkbook, menuSetUp } from './actions/setup';
export { getSummary, selectCell } from './actions/summary';
export { importRows } from './actions/import';
export { validateInputs, menuValidate } from './actions/validate';
export { postCommissions, menuPost, getPartnerBalances } from './actions/post';
export { reviewEntries, listHeldEntries } from './actions/review';
export {
  buildPayoutBatch, getBatches, approvePayoutBatch, rejectPayoutBatch, voidPayoutBatch, exportPayoutFile,
  markPayoutBatchPaid, verifyWorkbook, menuVerify, menuBuildBatch,
} from './actions/batches';
export { getDashboard, getBatchList, explainPartnerPayment, getBatchReview, getExceptions } from './actions/views';
