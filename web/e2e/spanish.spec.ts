/**
 * The app in Spanish: the header's switcher changes every word (catalogs loaded on demand),
 * `<html lang>`, dates and money, and the API's Accept-Language; the choice survives a reload.
 * Each Spanish page passes axe-core, fits its width (the `test` fixture checks it on every page)
 * and is saved as build/screenshots/es-*.png for people to read.
 */
import type { Page } from "@playwright/test";

import { API, apply, atPhoneWidth, createConference, expect, offer, person, screenshot, signIn, test } from "./support";

async function switchTo(page: Page, language: "English" | "Español"): Promise<void> {
  const current = page.locator("html");
  await page.getByRole("combobox", { name: language === "Español" ? "Language" : "Idioma" }).selectOption({ label: language });
  await expect(current).toHaveAttribute("lang", language === "Español" ? "es" : "en");
}

test("an applicant and a reviewer read the app in Spanish", async ({ page, problems }) => {
  const { slug } = await createConference("spanish");
  const applicant = person("applicant");
  await signIn(page, applicant, `/c/${slug}`);
  await expect(page.getByRole("heading", { level: 2, name: "Take part" })).toBeVisible();

  await switchTo(page, "Español");
  await expect(page.getByRole("heading", { level: 2, name: "Participa" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Beca de viaje" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cerrar sesión" })).toBeVisible();
  await screenshot(page, "es-conference");

  // Remembered: a reload starts in Spanish.
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Participa" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Idioma" })).toHaveValue("es");

  // Not applied yet: the API answers 404 and the page offers to apply.
  problems.allow(/^HTTP 404: GET \S+\/travel-grant$/);
  // The API hears the language (its e-mails follow it).
  const asked = page.waitForRequest((request) => request.url().startsWith(API()) && request.url().includes("/travel-grant"));
  await page.getByRole("link", { name: "Beca de viaje" }).click();
  expect((await (await asked).allHeaders())["accept-language"]).toBe("es");
  await expect(page.getByRole("heading", { level: 1, name: "Beca de viaje" })).toBeVisible();
  await page.getByRole("link", { name: "Solicitar una beca de viaje" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Solicitar una beca de viaje" })).toBeVisible();
  await page.getByRole("button", { name: "Enviar la solicitud" }).click();
  await expect(page.getByText("Dinos desde dónde viajas.")).toBeVisible();
  await screenshot(page, "es-grant-apply");

  // An offer: its deadline and amounts in Spanish, by Intl.
  const grant = await apply(slug, applicant, "1250.00");
  await offer(slug, grant.id, "1100.00");
  await page.goto(`/c/${slug}/grant`);
  await expect(page.getByRole("heading", { level: 2, name: "Estado: Tienes una oferta" })).toBeVisible();
  await expect(page.getByText(/1100,00\s*US\$/)).toBeVisible();
  await expect(page.getByText(/^Responde antes del /)).toBeVisible();
  await expect(page.getByRole("button", { name: "Aceptar" })).toBeVisible();
  await screenshot(page, "es-grant-offered");

  // At a phone's width the header (with the switcher) still fits.
  await atPhoneWidth(page, async () => {
    await page.goto(`/c/${slug}`);
    await expect(page.getByRole("heading", { level: 2, name: "Participa" })).toBeVisible();
    await screenshot(page, "es-conference-375px");
  });

  // Back to English to sign in as a reviewer (the shared helper speaks English), then Spanish again.
  await switchTo(page, "English");
  await signIn(page, { demo: "Rita Reviewer" }, `/c/${slug}/manage/ranking`);
  await switchTo(page, "Español");
  await expect(page.getByRole("heading", { level: 1, name: "Clasificación" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Consola" })).toBeVisible();
  await screenshot(page, "es-console-ranking");
  await page.goto(`/c/${slug}/manage/grants/${grant.id}`);
  await expect(page.getByRole("list", { name: "Registro de auditoría" })).toBeVisible();
  await screenshot(page, "es-console-grant");
});
