/** The caller's own signup, impossible to miss: "You're signed up" / "A place is yours" / "On the waitlist (#2)". */
export function SignupBadge({ status, position }: { status: string; position: number | null }) {
  if (status === "confirmed") return <span className="badge badge--ok">You're signed up</span>;
  if (status === "offered") return <span className="badge badge--ok">A place is yours: claim it</span>;
  if (status === "waitlisted") {
    return <span className="badge badge--warn">{position ? `On the waitlist (#${position})` : "On the waitlist"}</span>;
  }
  return null;
}
