/**
 * The demo conference (seeded like `make run`, synced from the demo Pretalx) lists each
 * tutorial as its own activity, with its room and that room's places; a tutorial's page
 * names its one talk and its speakers, and says that "Sign up" means attending.
 * Screenshot: demo-tutorials.png.
 */
import { expect, person, screenshot, signIn, test } from "./support";

test("the demo's tutorials are one activity each, with their room's capacity", async ({ page }) => {
  await signIn(page, person("tutorials"), "/c/pycon-demo/activities");
  const list = page.getByRole("list", { name: "Activities" });
  const asyncio = list.getByRole("listitem").filter({ hasText: "Hands-on asyncio: from callbacks to structured concurrency" });
  await expect(asyncio).toContainText("Tutorial");
  await expect(asyncio).toContainText("Ballroom A");
  await expect(asyncio).toContainText("800 places left");
  const fastapi = list.getByRole("listitem").filter({ hasText: "Build your first FastAPI service, tested" });
  await expect(fastapi).toContainText("Room 250");
  await expect(fastapi).toContainText("120 places left");
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Tutorials", exact: true }) })).toHaveCount(0);
  await screenshot(page, "demo-tutorials");

  await asyncio.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Hands-on asyncio: from callbacks to structured concurrency", level: 1 })).toBeVisible();
  await expect(page.getByText(/saves you a place to attend this activity/)).toBeVisible();
});
