/** /c/:slug/manage: straight to the first area the user may open, or what they can do here. */
import { Link, Navigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useAuth } from "@/lib/auth/context";

import { areasFor } from "./access";

export function Component() {
  const { slug = "" } = useParams();
  const { user } = useAuth();
  const [first] = areasFor(user?.permissions ?? []);
  if (first) return <Navigate to={`/c/${slug}/manage/${first}`} replace />;
  return (
    <>
      <PageTitle>Conference console</PageTitle>
      <p>Your account has no console permissions for this conference.</p>
      <p>
        If you organise an activity, open <Link to={`/c/${slug}/manage/activities`}>the activities you organise</Link>.
      </p>
    </>
  );
}
