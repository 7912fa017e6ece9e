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

const CUSTOM = "custom";

type FormValues = { choice: string; sub: string; name: string; email: string; permissions: string[] };

export function SignInPage() {
  const { config } = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  return (
    <>
      <PageTitle>Sign in</PageTitle>
      {config.auth.mode === "cognito" ? <HostedSignIn next={next} /> : <LocalSignIn next={next} />}
    </>
  );
}

function HostedSignIn({ next }: { next: string }) {
  const { signInHosted } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <p>You will be taken to the conference's sign-in page and brought back here.</p>
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
        Sign in
      </button>
    </>
  );
}

function LocalSignIn({ next }: { next: string }) {
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

  if (users.isPending) return <Spinner label="Loading the demo users…" />;
  return (
    <form onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      <p>This is the local stack: choose a demo user, or make up your own.</p>
      {users.isError ? <ErrorMessage error={users.error} onRetry={() => void users.refetch()} /> : null}
      <fieldset className="choices">
        <legend>Who are you?</legend>
        {(users.data ?? []).map((user) => (
          <ChoiceField
            key={user.sub}
            label={
              <>
                <strong>{user.name}</strong> ({user.role})
                <span className="choices__detail">
                  {user.permissions.length ? user.permissions.join(", ").replace(/_/g, " ") : "no special permissions"}
                </span>
              </>
            }
          >
            {(props) => <input type="radio" value={user.sub} {...props} {...register("choice", { required: true })} />}
          </ChoiceField>
        ))}
        <ChoiceField label={<strong>Someone else (custom user)</strong>}>
          {(props) => <input type="radio" value={CUSTOM} {...props} {...register("choice", { required: true })} />}
        </ChoiceField>
        {formState.errors.choice ? <p className="field__error">Choose who to sign in as.</p> : null}
      </fieldset>
      {choice === CUSTOM ? (
        <fieldset>
          <legend>Custom user</legend>
          <Field label="User id (sub)" required error={formState.errors.sub?.message}>
            {(props) => (
              <input {...props} autoComplete="off" {...register("sub", { validate: (v) => v.trim() !== "" || "Enter a user id." })} />
            )}
          </Field>
          <Field label="Name" error={formState.errors.name?.message}>
            {(props) => <input {...props} autoComplete="name" {...register("name")} />}
          </Field>
          <Field label="E-mail" error={formState.errors.email?.message}>
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="email"
                {...register("email", {
                  validate: (v) => v.trim() === "" || /^[^@\s]+@[^@\s]+$/.test(v.trim()) || "Enter an e-mail address like ada@example.com.",
                })}
              />
            )}
          </Field>
          <fieldset className="choices">
            <legend>Permissions</legend>
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
        Sign in
      </button>
    </form>
  );
}
