/** Public surface of the review feature (reviewers' grant list, detail, review form). */
export { GrantList, sortGrants, type GrantSort } from "./components/GrantList";
export { GrantDetailView } from "./components/GrantDetailView";
export { changeFrom } from "./components/ReviewForm";
export { STATUSES, statusWords } from "./api/statuses";
export type { GrantDetail, GrantStatus } from "./api/grants";
export { ScoringMode, scoreForKey } from "./components/ScoringMode";
export { RankingTable, sortRanking } from "./components/RankingTable";
export { GrantReport } from "./components/GrantReport";
export { AllocationPlanner } from "./components/AllocationPlanner";
