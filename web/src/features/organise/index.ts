/** Public surface of the organise feature (activities, their signups, create/edit). */
export { ActivitiesTable } from "./components/ActivitiesTable";
export { ActivityForm } from "./components/ActivityForm";
export { SignupsDashboard } from "./components/SignupsDashboard";
export { useManagedActivities, type ManagedActivity } from "./api/activities";
