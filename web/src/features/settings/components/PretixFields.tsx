/**
 * The conference's pretix shop, where accepted grants get their ticket voucher: address,
 * organizer, event, the ticket (picked from pretix's items once a token is saved) and the
 * write-only token.
 */
import type { FieldErrors, UseFormRegister } from "react-hook-form";

import { Field } from "@/components/Field";
import { useT } from "@/lib/i18n";

import { usePretixItems, type ManagedConference } from "../api/conference";

export type PretixValues = {
  pretix_base_url: string;
  pretix_organizer: string;
  pretix_event: string;
  pretix_item_id: string;
  pretix_api_token: string;
};

export const PRETIX_FIELD_PATHS = {
  "pretix.base_url": "pretix_base_url", "pretix.organizer": "pretix_organizer", "pretix.event": "pretix_event",
  "pretix.item_id": "pretix_item_id", "pretix.api_token": "pretix_api_token", pretix: "pretix_base_url",
} as const;

export function pretixValuesOf(conference: ManagedConference | undefined): PretixValues {
  const pretix = conference?.pretix;
  return {
    pretix_base_url: pretix?.base_url ?? "",
    pretix_organizer: pretix?.organizer ?? "",
    pretix_event: pretix?.event ?? "",
    pretix_item_id: pretix?.item_id ? String(pretix.item_id) : "",
    pretix_api_token: "",
  };
}

/** The body's `pretix` (null: off). No token in the body keeps the stored one. */
export function pretixBodyOf(values: PretixValues) {
  const used = [values.pretix_base_url, values.pretix_organizer, values.pretix_event].some((v) => v.trim() !== "");
  if (!used) return null;
  const token = values.pretix_api_token.trim();
  const item = values.pretix_item_id.trim();
  return {
    base_url: values.pretix_base_url.trim(),
    organizer: values.pretix_organizer.trim(),
    event: values.pretix_event.trim(),
    item_id: item ? Number(item) : null,
    ...(token ? { api_token: token } : {}),
  };
}

type Props<V extends PretixValues> = {
  conference?: ManagedConference;
  register: UseFormRegister<V>;
  errors: FieldErrors<V>;
};

export function PretixFields<V extends PretixValues>({ conference, register, errors }: Props<V>) {
  const t = useT();
  const reg = register as unknown as UseFormRegister<PretixValues>;
  const errs = errors as FieldErrors<PretixValues>;
  const tokenSet = conference?.pretix?.api_token_set ?? false;
  const items = usePretixItems(conference?.slug ?? "", Boolean(conference && tokenSet));
  return (
    <fieldset>
      <legend>{t("pretix.title")}</legend>
      <p className="muted">
        {t("pretix.intro")}
      </p>
      <Field label={t("pretix.address")} hint={t("pretix.addressHint")} error={errs.pretix_base_url?.message}>
        {(props) => <input type="url" {...props} autoComplete="off" {...reg("pretix_base_url")} />}
      </Field>
      <Field label={t("pretix.organizer")} hint={t("pretix.organizerHint")} error={errs.pretix_organizer?.message}>
        {(props) => <input {...props} autoComplete="off" {...reg("pretix_organizer")} />}
      </Field>
      <Field label={t("pretix.event")} hint={t("pretix.eventHint")} error={errs.pretix_event?.message}>
        {(props) => <input {...props} autoComplete="off" {...reg("pretix_event")} />}
      </Field>
      <Field
        label={t("pretix.token")}
        hint={tokenSet ? t("pretix.tokenSet") : t("pretix.tokenHint")}
        error={errs.pretix_api_token?.message}
      >
        {(props) => <input type="password" {...props} autoComplete="new-password" {...reg("pretix_api_token")} />}
      </Field>
      {items.data ? (
        <Field label={t("pretix.item")} hint={t("pretix.itemHint")} error={errs.pretix_item_id?.message}>
          {(props) => (
            <select {...props} {...reg("pretix_item_id")}>
              <option value="">{t("pretix.chooseItem")}</option>
              {items.data.items.map((item) => (
                <option key={item.id} value={String(item.id)}>
                  {item.active ? item.name : t("pretix.inactiveItem", { name: item.name })}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field
          label={t("pretix.itemNumber")}
          hint={items.error ? t("pretix.itemsFailed") : t("pretix.itemsLater")}
          error={errs.pretix_item_id?.message}
        >
          {(props) => <input {...props} inputMode="numeric" {...reg("pretix_item_id", { validate: (v) => v.trim() === "" || /^\d+$/.test(v.trim()) || t("pretix.aNumber") })} />}
        </Field>
      )}
    </fieldset>
  );
}
