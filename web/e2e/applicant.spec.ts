/**
 * Applicants: apply (the server's 422 shown at its field first), a reviewer offers through
 * the API, the applicant accepts, uploads a real PDF receipt (after a fake one is refused in
 * words) and saves payment details, which are masked afterwards.
 */
import { ADMIN, PDF, api, createConference, expect, offer, screenshot, signIn, test, tokenFor, type User } from "./support";

const NOOR: User = { sub: "e2e-noor", name: "Noor Applicant", email: "noor.e2e@example.com", permissions: [] };

test("an applicant applies, accepts the offer, uploads a receipt and gives payment details", async ({ page, problems }) => {
  const { slug, body } = await createConference("grant");
  // No application yet: a normal answer (204 when asked with empty_ok), which the page words; no 404.
  await signIn(page, NOOR, `/c/${slug}/grant`);

  // Not applied yet: the way to apply, with the maximum stated.
  await expect(page.getByText("You have not applied yet.")).toBeVisible();
  await screenshot(page, "grant-not-applied");
  await page.getByRole("link", { name: "Apply for a travel grant" }).click();

  await page.getByLabel("Python experience").selectOption("intermediate");
  await page.getByLabel("Occupation").fill("Data engineer");
  await page.getByLabel("How are you involved in the Python community?").fill("I run the Porto Python meetup.");
  await page.getByLabel("Why do you want to attend?").fill("To sprint on packaging tools and bring talks home.");
  await page.getByRole("textbox", { name: /Travelling from/ }).fill("Porto, Portugal");
  await page.getByLabel("I am travelling from another country").check();
  await page.getByRole("checkbox", { name: /Tutorials Day 1/ }).check();
  await page.getByRole("checkbox", { name: /Talks Day 2/ }).check();
  await page.getByLabel("Airfare amount (USD)").fill("800");
  await page.getByLabel("Lodging: what you plan").fill("Shared hostel room");
  await page.getByLabel("Lodging amount (USD)").fill("400.50");
  await expect(page.getByText("Travel plans total: $1,200.50")).toBeVisible();
  await expect(page.getByText("The most you can request is $3,000.00.")).toBeVisible();
  await page.getByLabel("Amount you request (USD)").fill("1200.50");

  // The client's checks mirror the server's: an airfare amount needs its description.
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("Airfare: what you plan")).toHaveAccessibleDescription("Describe the airfare you are asking for.");
  await page.getByLabel("Airfare: what you plan").fill("Return flight OPO–JFK");

  // Meanwhile the organisers lower the maximum: only the server knows, and says so at the field.
  await api("PUT", `/manage/conferences/${slug}`, await tokenFor(ADMIN), { ...body, max_grant_amount: "1000.00" });
  problems.allow(/^HTTP 422: POST \S+\/travel-grant$/);
  await page.getByRole("button", { name: "Apply" }).click();
  const requested = page.getByLabel("Amount you request (USD)");
  await expect(requested).toHaveAttribute("aria-invalid", "true");
  await expect(requested).toHaveAccessibleDescription(/\$1,000\.00/);
  await screenshot(page, "grant-apply-422");
  await requested.fill("1000");
  await page.getByRole("button", { name: "Apply" }).click();

  await expect(page.getByRole("heading", { name: "Status: Submitted: waiting for review" })).toBeVisible();
  await expect(page.getByText("Your application is sent.")).toBeVisible();
  await page.getByLabel("Message to the reviewers").fill("I can share a room if that helps the budget.");
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(page.getByRole("list").filter({ hasText: "I can share a room" })).toBeVisible();
  await screenshot(page, "grant-submitted");

  // A reviewer offers through the API; the applicant's page picks it up when they come back.
  const listed = await api<{ grants: { id: string }[] }>("GET", `/manage/conferences/${slug}/travel-grants`, await tokenFor(ADMIN));
  await offer(slug, listed.grants[0]?.id ?? "", "900.00", { promo_code: "E2E-TICKET-42" });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Status: You have an offer" })).toBeVisible();
  await expect(page.getByText("E2E-TICKET-42")).toBeVisible();
  await expect(page.getByText("Your application is sent.")).toHaveCount(0); // said once, not again on a reload
  await expect(page.getByText("Approved amount: $900.00.")).toBeVisible(); // amounts in prose read like the page's
  await expect(page.getByRole("button", { name: "Withdraw" })).toHaveCount(0); // buttons come from `actions`
  await screenshot(page, "grant-offered");
  await page.getByRole("button", { name: "Accept" }).click();
  await page.getByRole("dialog", { name: "Accept $900.00?" }).getByRole("button", { name: "Accept" }).click();
  await expect(page.getByRole("heading", { name: "Status: Accepted" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Accept" })).toHaveCount(0);

  // Receipts: a file that is not really a PDF is refused in words; a real PDF goes to the bucket.
  await page.getByRole("link", { name: "Receipts" }).click();
  await expect(page.getByText("No receipts yet.")).toBeVisible();
  const fill = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    await page.getByLabel("Type").selectOption("airfare");
    await page.getByLabel("Amount (USD)").fill("450.00");
    await page.getByLabel("Date on the receipt").fill(String(body.start_date));
    await page.getByLabel("Description").fill("Flight OPO–JFK");
    await page.getByLabel("Receipt file").setInputFiles(file);
    await page.getByRole("button", { name: "Upload receipt" }).click();
  };
  problems.allow(/^HTTP 422: POST \S+\/travel-grant\/receipts\/[^/]+\/complete$/);
  await fill({ name: "boarding-pass.pdf", mimeType: "application/pdf", buffer: Buffer.from("this is not a PDF at all") });
  await expect(page.getByLabel("Receipt file")).toHaveAccessibleDescription(/must really be a PDF, JPEG or PNG/);
  await fill({ name: "flight-receipt.pdf", mimeType: "application/pdf", buffer: PDF });
  await expect(page.getByText("flight-receipt.pdf is uploaded and waiting for review.")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "flight-receipt.pdf" });
  await expect(row).toContainText("Waiting for review");
  await expect(page.getByText("Total of your receipts waiting for review or approved: $450.00")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "boarding-pass.pdf" })).toHaveCount(0);
  await screenshot(page, "grant-receipts");

  // Payment details: the form follows the method; afterwards only the masked view is shown.
  await page.getByRole("link", { name: "Back to your travel grant" }).click();
  await page.getByRole("link", { name: "Payment details" }).click();
  await page.getByLabel("How should we pay you?").selectOption("paypal");
  await expect(page.getByLabel("PayPal e-mail")).toBeVisible();
  await page.getByLabel("How should we pay you?").selectOption("ach");
  await expect(page.getByLabel("PayPal e-mail")).toHaveCount(0);
  await page.getByLabel("Bank name").fill("First Porto Bank");
  await page.getByLabel("Account number").fill("000123456789");
  await page.getByLabel("ABA routing number").fill("021000022");
  await page.getByLabel("Legal name").fill("Noor Applicant");
  await page.getByLabel("Street address").fill("1 Rua das Flores");
  await page.getByLabel("City").fill("Porto");
  await page.getByLabel("Postal code").fill("4050-262");
  await page.getByLabel("Country").selectOption("PT");
  await screenshot(page, "grant-payment-form");
  // A typo in the routing number: the API's checksum names it in words, at its field.
  problems.allow(/^HTTP 422: PUT \S+\/travel-grant\/payment-info$/);
  await page.getByRole("button", { name: "Save payment details" }).click();
  await expect(page.getByText("This ABA routing number's check digit does not match: check it for a typo.")).toBeVisible();
  await page.getByLabel("ABA routing number").fill("021000021");
  await page.getByRole("button", { name: "Save payment details" }).click();
  await expect(page.getByText("Your payment details are saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "What we have (masked)" })).toBeVisible();
  await expect(page.getByText("6789")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("000123456789");
  await expect(page.locator("body")).not.toContainText("021000021");
  await screenshot(page, "grant-payment-masked");

  // A change starts from what is saved: the numbers stay masked and are kept unless retyped.
  await page.getByRole("button", { name: "Change payment details" }).click();
  await expect(page.getByLabel("Account number")).toHaveValue("********6789");
  await expect(page.getByLabel("Country")).toHaveValue("PT");
  await page.getByLabel("City").fill("Braga");
  await page.getByRole("button", { name: "Save payment details" }).click();
  await expect(page.getByText("Your payment details are saved.")).toBeVisible();
  await expect(page.getByText("Braga")).toBeVisible();
  await expect(page.getByText("********6789")).toBeVisible();
});
