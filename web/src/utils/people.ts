/** How a person is named on screen: their name, else their e-mail, else their account id. */
export function displayName(person: { name?: string | null; email?: string | null; sub: string }): string {
  return person.name || person.email || person.sub;
}
