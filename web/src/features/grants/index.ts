/** Public API of the grants feature (the applicant's side). */
export { useGrant, type Grant } from "./api/grants";
export { GrantForm } from "./components/GrantForm";
export { GrantStatusPage } from "./components/GrantStatusPage";
