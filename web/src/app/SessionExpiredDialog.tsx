/**
 * The API refused our token (it expired): ask to sign in again *over* the current page, so
 * whatever was typed stays in its form; afterwards every query refetches.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { useAuth } from "@/lib/auth/context";

export function SessionExpiredDialog() {
  const { expired, renew, signOut } = useAuth();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <ConfirmDialog
      open={expired}
      title="Your session has expired"
      confirmLabel="Sign in again"
      cancelLabel="Sign out"
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
      <p>Sign in again to carry on. What you typed on this page is kept: send it again once you are back.</p>
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
