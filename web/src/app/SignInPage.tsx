/**
 * `/sign-in`. Deployed (Cognito): one "Sign in" button to the hosted UI. Locally: pick a
 * demo user of the local stack (GET /dev/users) or describe a custom one; the token
 * comes from POST /dev/token, a route that exists only in the local stack.
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useNavigate, useSearchParams } from "react-router";

import { ErrorMessage } from "@/components/ErrorMessage";
import { ChoiceField, Field } from "@/components/Field";
import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { useAuth } from "@/lib/auth/context";
import { fetchDevUsers, type DevUser } from "@/lib/auth/local";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { safeNext } from "@/utils/next";
import { useT } from "@/lib/i18n";

const CUSTOM = "custom";

type FormValues = { choice: string; sub: string; name: string; email: string; permissions: string[] };

export function SignInPage() {
  const t = useT();
  const { config } = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  return (
    <>
      <PageTitle>{t("signIn.title")}</PageTitle>
      {config.auth.mode === "cognito" ? <HostedSignIn next={next} /> : <LocalSignIn next={next} />}
    </>
  );
}

function HostedSignIn({ next }: { next: string }) {
  const t = useT();
  const { signInHosted } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <p>{t("signIn.hosted")}</p>
      <ErrorMessage error={error} />
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          signInHosted(next).catch((reason: unknown) => {
            setError(reason);
            setBusy(false);
          });
        }}
      >
        {t("signIn.submit")}
      </button>
    </>
  );
}

function LocalSignIn({ next }: { next: string }) {
  const t = useT();
  const { config, signInLocal } = useAuth();
  const navigate = useNavigate();
  const users = useQuery({ queryKey: ["dev-users"], queryFn: () => fetchDevUsers(config.apiUrl), staleTime: Infinity });
  const [error, setError] = useState<unknown>(null);
  const form = useForm<FormValues>({ defaultValues: { choice: "", sub: "", name: "", email: "", permissions: [] } });
  const { register, handleSubmit, control, formState } = form;
  const choice = useWatch({ control, name: "choice" });

  const onSubmit = async (values: FormValues) => {
    setError(null);
    const picked: DevUser | undefined = users.data?.find((u) => u.sub === values.choice);
    const user = picked ?? {
      sub: values.sub.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      permissions: values.permissions,
    };
    try {
      await signInLocal(user);
      void navigate(next, { replace: true });
    } catch (reason) {
      setError(reason);
    }
  };

  if (users.isPending) return <Spinner label={t("signIn.loadingUsers")} />;
  return (
    <form onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      <p>{t("signIn.local")}</p>
      {users.isError ? <ErrorMessage error={users.error} onRetry={() => void users.refetch()} /> : null}
      <fieldset className="choices">
        <legend>{t("signIn.who")}</legend>
        {(users.data ?? []).map((user) => (
          <ChoiceField
            key={user.sub}
            label={
              <>
                <strong>{user.name}</strong> ({user.role})
                <span className="choices__detail">
                  {user.permissions.length ? user.permissions.join(", ").replace(/_/g, " ") : t("signIn.noPermissions")}
                </span>
              </>
            }
          >
            {(props) => <input type="radio" value={user.sub} {...props} {...register("choice", { required: true })} />}
          </ChoiceField>
        ))}
        <ChoiceField label={<strong>{t("signIn.someoneElse")}</strong>}>
          {(props) => <input type="radio" value={CUSTOM} {...props} {...register("choice", { required: true })} />}
        </ChoiceField>
        {formState.errors.choice ? <p className="field__error">{t("signIn.chooseWho")}</p> : null}
      </fieldset>
      {choice === CUSTOM ? (
        <fieldset>
          <legend>{t("signIn.customUser")}</legend>
          <Field label={t("signIn.userId")} required error={formState.errors.sub?.message}>
            {(props) => (
              <input {...props} autoComplete="off" {...register("sub", { validate: (v) => v.trim() !== "" || t("signIn.enterUserId") })} />
            )}
          </Field>
          <Field label={t("signIn.name")} error={formState.errors.name?.message}>
            {(props) => <input {...props} autoComplete="name" {...register("name")} />}
          </Field>
          <Field label={t("signIn.email")} error={formState.errors.email?.message}>
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="email"
                {...register("email", {
                  validate: (v) => v.trim() === "" || /^[^@\s]+@[^@\s]+$/.test(v.trim()) || t("signIn.enterEmail"),
                })}
              />
            )}
          </Field>
          <fieldset className="choices">
            <legend>{t("signIn.permissions")}</legend>
            {PERMISSIONS.map((permission) => (
              <ChoiceField key={permission} label={permission.replace(/_/g, " ")}>
                {(props) => <input type="checkbox" value={permission} {...props} {...register("permissions")} />}
              </ChoiceField>
            ))}
          </fieldset>
        </fieldset>
      ) : null}
      <ErrorMessage error={error} onRetry={() => void handleSubmit(onSubmit)()} />
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {t("signIn.submit")}
      </button>
    </form>
  );
}
