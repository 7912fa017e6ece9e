/** Public API of the payment feature. */
export { PaymentPage } from "./components/PaymentPage";
