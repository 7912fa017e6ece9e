/** Public surface of the payouts feature (grants ready for disbursement, the payer's panel). */
export { ReadyGrantList } from "./components/ReadyGrantList";
export { PayoutPanel, type PayoutGrant } from "./components/PayoutPanel";
