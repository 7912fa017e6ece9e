/** `/`: straight to the configured conference, or a box to open one by its code. */
import { useState } from "react";
import { Navigate, useNavigate } from "react-router";

import { Field } from "@/components/Field";
import { PageTitle } from "@/components/PageTitle";
import { useAuth } from "@/lib/auth/context";

export function Component() {
  const { config, session } = useAuth();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  if (!session) return <Navigate to="/sign-in" replace />;
  if (config.defaultConference) return <Navigate to={`/c/${config.defaultConference}`} replace />;
  return (
    <>
      <PageTitle>Find your conference</PageTitle>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const slug = code.trim().toLowerCase();
          if (slug) void navigate(`/c/${encodeURIComponent(slug)}`);
        }}
      >
        <Field label="Conference code" hint="The short name in the conference's web address, like pycon-us-2026.">
          {(props) => <input {...props} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />}
        </Field>
        <button type="submit" className="button">
          Open conference
        </button>
      </form>
    </>
  );
}
