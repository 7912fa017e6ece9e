/** Public surface of the receipt review feature (the queue of pending receipts). */
export { NextReceiptButton } from "./components/NextReceiptButton";
export { ReceiptReview } from "./components/ReceiptReview";
