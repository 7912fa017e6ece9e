/** A refused session asks to sign in again over the page and keeps what was typed. */
import { createConference, expect, signIn, test, type User } from "./support";

const ZOE: User = { sub: "e2e-zoe", name: "Zoe Applicant", email: "zoe@example.com", permissions: [] };

test("an expired session keeps the form, and a network failure offers a retry", async ({ page, problems }) => {
  const { slug } = await createConference("session");
  await signIn(page, ZOE, `/c/${slug}/grant/apply`);
  await expect(page.getByRole("heading", { level: 1, name: "Apply for a travel grant" })).toBeVisible();
  // Sent empty: an invalid text input turns red (the danger colour, 2 px), as a select does.
  await page.getByRole("button", { name: "Apply" }).click();
  const occupation = page.getByLabel("Occupation");
  await expect(occupation).toHaveAttribute("aria-invalid", "true");
  await expect(occupation).toHaveCSS("border-top-color", "rgb(164, 22, 26)");
  await expect(occupation).toHaveCSS("border-top-width", "2px");
  await page.getByLabel("Occupation").fill("Teacher");
  await page.getByLabel("Why do you want to attend?").fill("Typed before the session ran out.");
  await page.getByLabel("Python experience").selectOption("beginner");
  await page.getByLabel("How are you involved in the Python community?").fill("PyLadies Lisbon.");
  await page.getByRole("textbox", { name: /Travelling from/ }).fill("Lisbon");
  await page.getByRole("radio", { name: "A conference ticket only" }).check();

  // Meanwhile the session stops being valid (the token lives in the page's memory, where
  // nothing else can change it: the request carries a token the API refuses, as it refuses
  // an expired one): the API answers a real 401.
  await page.route("**/travel-grant", (route) => route.request().method() === "POST"
    ? route.continue({ headers: { ...route.request().headers(), authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad" } })
    : route.continue());
  problems.allow(/^HTTP 401: POST \S+\/travel-grant$/);
  await page.getByRole("button", { name: "Apply" }).click();

  const dialog = page.getByRole("dialog", { name: "Your session has expired" });
  await expect(dialog).toBeVisible();
  await page.unroute("**/travel-grant");
  await dialog.getByRole("button", { name: "Sign in again" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Why do you want to attend?")).toHaveValue("Typed before the session ran out.");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("heading", { name: "Status: Submitted: waiting for review" })).toBeVisible();

  // A reload signs in again silently (the token was in memory only) and shows the same page.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Status: Submitted: waiting for review" })).toBeVisible();
  const stored = await page.evaluate(() => [localStorage, sessionStorage]
    .flatMap((s) => Array.from({ length: s.length }, (_, i) => `${s.key(i) ?? ""}=${s.getItem(s.key(i) ?? "") ?? ""}`)).join("\n"));
  expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT anywhere in Web Storage

  // Editable while submitted: the form comes back filled in, and saves.
  await page.getByRole("link", { name: "Edit application" }).click();
  await expect(page.getByLabel("Occupation")).toHaveValue("Teacher");
  await page.getByRole("textbox", { name: /Travelling from/ }).fill("Lisbon, Portugal");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();

  // The network drops while sending a message: words and a "Try again" button, then it works.
  await page.getByLabel("Message to the reviewers").fill("Is a ticket-only request fine?");
  problems.allow(/^request failed: POST \S+\/travel-grant\/messages net::ERR_INTERNET_DISCONNECTED$/);
  await page.route("**/travel-grant/messages", (route) => route.abort("internetdisconnected"));
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(page.getByText("We could not reach the server. Check your connection and try again.")).toBeVisible();
  await page.unroute("**/travel-grant/messages");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("list").filter({ hasText: "Is a ticket-only request fine?" })).toBeVisible();
});
