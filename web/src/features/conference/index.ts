/** Public API of the conference feature (the app composes features; features never import each other). */
export { ConferenceHome } from "./components/ConferenceHome";
export { conferenceKeys, featureOn, useConference, type Conference } from "./api/conference";
