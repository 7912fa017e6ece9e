/** Public surface of the conference settings feature (manage_conference). */
export { ConferenceForm } from "./components/ConferenceForm";
export { PretalxSync } from "./components/PretalxSync";
export { useManagedConference } from "./api/conference";
