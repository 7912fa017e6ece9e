/** Puts a failed submit's 422 field errors next to their fields in a react-hook-form form. */
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { ApiError, placeFieldErrors } from "./api/errors";

/**
 * Sets each server field error on the field it belongs to (focusing the first) and
 * returns the ones with no field on the page, for the form's top message.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  known: readonly Path<T>[],
): string[] {
  if (!(error instanceof ApiError) || Object.keys(error.fields).length === 0) return [];
  const { placed, unplaced } = placeFieldErrors(error.fields, known);
  let first = true;
  for (const [name, message] of Object.entries(placed)) {
    setError(name as Path<T>, { type: "server", message }, { shouldFocus: first });
    first = false;
  }
  return unplaced;
}
