import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderWithApi } from "@/test-utils";

import { PaymentPage } from "./PaymentPage";

const masked = {
  payment_method: "paypal", legal_name: "Ada Lovelace", paypal_email: "a***@example.com", address_street: "1 Main St",
  address_city: "London", address_zip: "N1", address_country: "UK",
};

describe("PaymentPage", () => {
  it("asks for what the chosen method needs, puts a 422 at its field, then shows only the masked view", async () => {
    const user = userEvent.setup();
    const answers = {
      "PUT /conferences/py/travel-grant/payment-info": [
        {
          status: 422,
          body: { error: { code: "validation_error", message: "Some fields are not valid.", fields: { paypal_email: ["not a valid e-mail address"] } } },
        },
        { body: masked },
      ],
    };
    renderWithApi(<PaymentPage slug="py" />, answers);
    const method = await screen.findByLabelText(/How should we pay you\?/);
    await user.selectOptions(method, "ach");
    expect(screen.getByLabelText(/Bank name/)).toBeTruthy();
    await user.selectOptions(method, "paypal");
    expect(screen.queryByLabelText(/Bank name/)).toBeNull();
    await user.type(screen.getByLabelText(/PayPal e-mail/), "ada@example.com");
    for (const [label, value] of [[/Legal name/, "Ada Lovelace"], [/Street address/, "1 Main St"], [/^City/, "London"], [/Postal code/, "N1"], [/Country/, "UK"]] as const) {
      await user.type(screen.getByLabelText(label), value);
    }
    await user.click(screen.getByRole("button", { name: "Save payment details" }));
    expect((await screen.findByText("Not a valid e-mail address.")).closest(".field")?.querySelector("input")?.value).toBe("ada@example.com");

    await user.click(screen.getByRole("button", { name: "Save payment details" }));
    expect(await screen.findByText("Your payment details are saved.")).toBeTruthy();
    expect(screen.getByText("a***@example.com")).toBeTruthy();
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.queryByText("ada@example.com")).toBeNull();
  });
});
