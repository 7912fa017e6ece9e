import { useT } from "@/lib/i18n";

/** The caller's own signup, impossible to miss: "You're signed up" / "A place is yours" / "On the waitlist (#2)". */
export function SignupBadge({ status, position }: { status: string; position: number | null }) {
  const t = useT();
  if (status === "confirmed") return <span className="badge badge--ok">{t("signupBadge.confirmed")}</span>;
  if (status === "offered") return <span className="badge badge--ok">{t("signupBadge.offered")}</span>;
  if (status === "waitlisted") {
    return (
      <span className="badge badge--warn">
        {position ? t("signupBadge.waitlistedAt", { position }) : t("signupBadge.waitlisted")}
      </span>
    );
  }
  return null;
}
