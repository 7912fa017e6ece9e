/** Public API of the activities feature. */
export { ActivityDetailView } from "./components/ActivityDetailView";
export { ActivityList } from "./components/ActivityList";
export { MyActivities } from "./components/MyActivities";
