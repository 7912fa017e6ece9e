/**
 * The application form's values, their checks (mirroring the API's rules so most mistakes
 * are caught before sending) and the request body they become.
 */
import { formatMoney, moneyProblem, toCents } from "@/utils/money";
import { translate, type MessageId } from "@/lib/i18n";

import type { Grant, GrantApplication } from "../api/grants";

export type GrantFormValues = {
  request_type: Grant["request_type"];
  application_type: Grant["application_type"];
  travel_from: string;
  international: boolean;
  first_time: "" | "yes" | "no";
  days_attending: string[];
  travel_plans_airfare_description: string;
  travel_plans_airfare_amount: string;
  travel_plans_lodging_description: string;
  travel_plans_lodging_amount: string;
  requested_amount: string;
  sharing_expenses: boolean;
  traveling_with: string;
  experience_level: Grant["experience_level"] | "";
  occupation: string;
  involvement: string;
  reason: string;
};

export const FORM_FIELDS = [
  "request_type", "application_type", "travel_from", "international", "first_time", "days_attending",
  "travel_plans_airfare_description", "travel_plans_airfare_amount", "travel_plans_lodging_description",
  "travel_plans_lodging_amount", "requested_amount", "sharing_expenses", "traveling_with", "experience_level",
  "occupation", "involvement", "reason",
] as const satisfies readonly (keyof GrantFormValues)[];

const zeroToBlank = (value: string): string => (toCents(value) === 0 ? "" : value);

export function initialValues(grant: Grant | null): GrantFormValues {
  if (!grant) {
    return {
      request_type: "ticket_and_grant", application_type: "general", travel_from: "", international: false,
      first_time: "", days_attending: [], travel_plans_airfare_description: "", travel_plans_airfare_amount: "",
      travel_plans_lodging_description: "", travel_plans_lodging_amount: "", requested_amount: "",
      sharing_expenses: false, traveling_with: "", experience_level: "", occupation: "", involvement: "", reason: "",
    };
  }
  return {
    request_type: grant.request_type,
    application_type: grant.application_type,
    travel_from: grant.travel_from,
    international: grant.international,
    first_time: grant.first_time === null ? "" : grant.first_time ? "yes" : "no",
    days_attending: grant.days_attending,
    travel_plans_airfare_description: grant.travel_plans_airfare_description,
    travel_plans_airfare_amount: zeroToBlank(grant.travel_plans_airfare_amount),
    travel_plans_lodging_description: grant.travel_plans_lodging_description,
    travel_plans_lodging_amount: zeroToBlank(grant.travel_plans_lodging_amount),
    requested_amount: zeroToBlank(grant.requested_amount),
    sharing_expenses: grant.sharing_expenses,
    traveling_with: grant.traveling_with,
    experience_level: grant.experience_level,
    occupation: grant.occupation,
    involvement: grant.involvement,
    reason: grant.reason,
  };
}

type Problems = Partial<Record<keyof GrantFormValues, string>>;

/** The API's rules, in the words the form shows next to each field. */
export function checkGrantForm(values: GrantFormValues, maxAmount: string): Problems {
  const problems: Problems = {};
  const required: [keyof GrantFormValues, MessageId, number][] = [
    ["travel_from", "grantForm.check.travelFrom", 200],
    ["occupation", "grantForm.check.occupation", 200],
    ["involvement", "grantForm.check.involvement", 5000],
    ["reason", "grantForm.check.reason", 5000],
  ];
  for (const [field, message, max] of required) {
    const text = String(values[field]).trim();
    if (!text) problems[field] = translate(message);
    else if (text.length > max) problems[field] = translate("grantForm.check.tooLong", { max });
  }
  if (!values.experience_level) problems.experience_level = translate("grantForm.check.experience");
  if (values.traveling_with.length > 500) problems.traveling_with = translate("grantForm.check.tooLong", { max: 500 });
  if (values.request_type !== "ticket_and_grant") return problems;

  const money = ["travel_plans_airfare_amount", "travel_plans_lodging_amount", "requested_amount"] as const;
  const atLeastOneDollar = translate("grantForm.check.atLeast", { min: formatMoney("1.00") });
  for (const field of money) {
    const problem = moneyProblem(values[field]);
    // A negative request gets the request's own minimum ($1), not the generic "zero or more".
    if (problem) problems[field] = field === "requested_amount" && values[field].trim().startsWith("-") ? atLeastOneDollar : problem;
  }
  const requested = toCents(values.requested_amount);
  const max = toCents(maxAmount);
  if (!problems.requested_amount && requested !== null) {
    if (requested < 100) problems.requested_amount = atLeastOneDollar;
    else if (max !== null && requested > max) problems.requested_amount = translate("grantForm.check.atMost", { max: formatMoney(maxAmount) });
  }
  const described = [
    ["travel_plans_airfare_amount", "travel_plans_airfare_description", "grantForm.check.airfare"],
    ["travel_plans_lodging_amount", "travel_plans_lodging_description", "grantForm.check.lodging"],
  ] as const;
  for (const [amount, description, message] of described) {
    if ((toCents(values[amount]) ?? 0) > 0 && !values[description].trim()) problems[description] = translate(message);
    if (values[description].length > 2000) problems[description] = translate("grantForm.check.tooLong", { max: 2000 });
  }
  return problems;
}

/** The request body: money fields only for "ticket and travel grant" (zero otherwise). */
export function toApplication(values: GrantFormValues): GrantApplication {
  const grant = values.request_type === "ticket_and_grant";
  const money = (value: string) => (grant && value.trim() ? value.trim() : "0");
  return {
    request_type: values.request_type,
    application_type: values.application_type,
    travel_from: values.travel_from.trim(),
    international: values.international,
    first_time: values.first_time === "" ? null : values.first_time === "yes",
    days_attending: values.days_attending,
    travel_plans_airfare_description: grant ? values.travel_plans_airfare_description.trim() : "",
    travel_plans_airfare_amount: money(values.travel_plans_airfare_amount),
    travel_plans_lodging_description: grant ? values.travel_plans_lodging_description.trim() : "",
    travel_plans_lodging_amount: money(values.travel_plans_lodging_amount),
    requested_amount: money(values.requested_amount),
    sharing_expenses: values.sharing_expenses,
    traveling_with: values.traveling_with.trim(),
    experience_level: values.experience_level || "beginner",
    occupation: values.occupation.trim(),
    involvement: values.involvement.trim(),
    reason: values.reason.trim(),
  };
}
