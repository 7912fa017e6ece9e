/** What reviewers read instead of the applicant's name under blind review (the API sends no identity). */
export const HIDDEN_APPLICANT = "Applicant (hidden: blind review)";

/** How a person is named on screen: their name, else their e-mail, else their account id. */
export function displayName(person: { name?: string | null; email?: string | null; sub: string } | null): string {
  if (!person) return HIDDEN_APPLICANT;
  return person.name || person.email || person.sub;
}

/** Who did something, as a record names them: the name it kept, else the account id, else "?". */
export function actorName(name: string | null | undefined, sub: string | null | undefined): string {
  return name || sub || "?";
}
