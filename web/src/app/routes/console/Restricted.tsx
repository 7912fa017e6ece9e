/** A console page the user's permissions do not open: said plainly (the API would refuse anyway). */
import type { ReactNode } from "react";

import { PageTitle } from "@/components/PageTitle";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function Restricted({ anyOf, title, children }: { anyOf: readonly string[]; title: string; children: ReactNode }) {
  const t = useT();
  const { can } = useAuth();
  if (anyOf.some(can)) return <>{children}</>;
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <p className="notice">{t("console.restricted")}</p>
    </>
  );
}
