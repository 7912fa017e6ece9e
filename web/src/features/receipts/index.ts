/** Public API of the receipts feature. */
export { ReceiptsPage } from "./components/ReceiptsPage";
