/**
 * The API refused our token (it expired): ask to sign in again *over* the current page, so
 * whatever was typed stays in its form; afterwards every query refetches.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function SessionExpiredDialog() {
  const t = useT();
  const { expired, renew, signOut } = useAuth();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <ConfirmDialog
      open={expired}
      title={t("session.expiredTitle")}
      confirmLabel={t("session.signInAgain")}
      cancelLabel={t("header.signOut")}
      busy={busy}
      onConfirm={() => {
        setBusy(true);
        setError(null);
        renew()
          .then(() => queryClient.invalidateQueries())
          .catch((reason: unknown) => setError(reason))
          .finally(() => setBusy(false));
      }}
      onCancel={() => {
        void signOut();
      }}
    >
      <p>{t("session.expiredBody")}</p>
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
