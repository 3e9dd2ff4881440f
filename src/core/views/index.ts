// What the sidebar shows, computed from the books: totals by status and the plain answer to
// "why is this partner not being paid?".
export { statusTotals } from './status-totals';
export type { StatusTotal } from './status-totals';
export { explainPartner, findPartner } from './explain-partner';
export type { ExplainInput, ExplainResult, PartnerExplanation } from './explain-partner';
