/** `/`: straight to the configured conference, or a box to open one by its code. */
import { useState } from "react";
import { Navigate, useNavigate } from "react-router";

import { Field } from "@/components/Field";
import { PageTitle } from "@/components/PageTitle";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  const { config, session } = useAuth();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  if (!session) return <Navigate to="/sign-in" replace />;
  if (config.defaultConference) return <Navigate to={`/c/${config.defaultConference}`} replace />;
  return (
    <>
      <PageTitle>{t("home.title")}</PageTitle>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const slug = code.trim().toLowerCase();
          if (slug) void navigate(`/c/${encodeURIComponent(slug)}`);
        }}
      >
        <Field label={t("home.code")} hint={t("home.codeHint")}>
          {(props) => <input {...props} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />}
        </Field>
        <button type="submit" className="button">
          {t("home.open")}
        </button>
      </form>
    </>
  );
}
