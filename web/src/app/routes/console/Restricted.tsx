/** A console page the user's permissions do not open: said plainly (the API would refuse anyway). */
import type { ReactNode } from "react";

import { PageTitle } from "@/components/PageTitle";
import { useAuth } from "@/lib/auth/context";

export function Restricted({ anyOf, title, children }: { anyOf: readonly string[]; title: string; children: ReactNode }) {
  const { can } = useAuth();
  if (anyOf.some(can)) return <>{children}</>;
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <p className="notice">Your account does not have the permission this page needs. Ask a conference administrator if you should.</p>
    </>
  );
}
