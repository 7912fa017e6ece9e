import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import { UploadReceiptForm } from "./UploadReceiptForm";

describe("UploadReceiptForm", () => {
  it("offers every receipt type, and an 'other' receipt must say what it is for", async () => {
    const user = userEvent.setup();
    const { calls } = renderWithApi(<UploadReceiptForm slug="py" />, {});
    const type = screen.getByLabelText(/^Type/);
    const options = [...type.querySelectorAll("option")].map((option) => option.textContent);
    expect(options).toEqual(["Choose…", "Airfare", "Lodging", "Ground transport", "Visa", "Other"]);
    await user.selectOptions(type, "other");
    expect(screen.getByText("Say what the receipt is for.", { selector: ".field__hint" })).toBeTruthy();
    await user.type(screen.getByLabelText(/Amount/), "12.50");
    await user.click(screen.getByRole("button", { name: /Upload/ }));
    expect(await screen.findByText("Say what the receipt is for.", { selector: ".field__error" })).toBeTruthy();
    expect(calls).toEqual([]);
  });
});
