import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";

import { activate } from "@/lib/i18n";
import en from "@/lib/i18n/messages/en.json";
import es from "@/lib/i18n/messages/es.json";
import { renderWithApi } from "@/test-utils";

import { PaymentPage } from "./PaymentPage";

const masked = {
  payment_method: "paypal", legal_name: "Ada Lovelace", paypal_email: "a***@example.com", address_street: "1 Main St",
  address_city: "London", address_zip: "N1", address_country: "GB", details_version: 1,
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
    for (const [label, value] of [[/Legal name/, "Ada Lovelace"], [/Street address/, "1 Main St"], [/^City/, "London"], [/Postal code/, "N1"]] as const) {
      await user.type(screen.getByLabelText(label), value);
    }
    await user.selectOptions(screen.getByLabelText(/Country/), "GB");
    await user.click(screen.getByRole("button", { name: "Save payment details" }));
    expect((await screen.findByText("Not a valid e-mail address.")).closest(".field")?.querySelector("input")?.value).toBe("ada@example.com");

    await user.click(screen.getByRole("button", { name: "Save payment details" }));
    expect(await screen.findByText("Your payment details are saved.")).toBeTruthy();
    expect(screen.getByText("a***@example.com")).toBeTruthy();
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(screen.queryByText("ada@example.com")).toBeNull();
  });

  it("starts a change from the saved values and keeps the masked numbers it was not given", async () => {
    const user = userEvent.setup();
    const saved = {
      payment_method: "wire", legal_name: "Ada Lovelace", address_street: "1 Main St", address_city: "Hong Kong",
      address_zip: null, address_country: "HK", bank_name: "HSBC", bank_account_number: "********6789",
      bank_routing_number: "*******XXXX", details_version: 3,
    };
    const answers = {
      "GET /conferences/py/travel-grant/payment-info": [{ body: saved }],
      "PUT /conferences/py/travel-grant/payment-info": [{ body: { ...saved, bank_name: "HSBC HK" } }],
    };
    const { bodies } = renderWithApi(<PaymentPage slug="py" />, answers);
    expect(await screen.findByText("Hong Kong", { selector: "dd" })).toBeTruthy();
    expect(screen.getByText("SWIFT/BIC code")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Change payment details" }));
    expect(screen.getByLabelText<HTMLSelectElement>(/How should we pay you/).value).toBe("wire");
    expect(screen.getByLabelText<HTMLInputElement>(/IBAN or account number/).value).toBe("********6789");
    expect(screen.getByLabelText<HTMLSelectElement>(/^Country/).value).toBe("HK");
    expect(screen.getByText("Optional: not used there.")).toBeTruthy();
    const bank = screen.getByLabelText(/Bank name/);
    await user.clear(bank);
    await user.type(bank, "HSBC HK");
    await user.click(screen.getByRole("button", { name: "Save payment details" }));
    expect(await screen.findByText("Your payment details are saved.")).toBeTruthy();
    const [put] = await bodies("PUT /conferences/py/travel-grant/payment-info");
    expect(put).toMatchObject({
      payment_method: "wire", bank_name: "HSBC HK", address_country: "HK",
      keep: ["bank_routing_number", "bank_account_number"], details_version: 3,
    });
    expect(put).not.toHaveProperty("bank_account_number");
    expect(put).not.toHaveProperty("address_zip");
  });

  describe("in Spanish", () => {
    afterEach(() => {
      activate("en", en);
    });

    it("names the methods, fields and countries in Spanish, and says what is missing", async () => {
      activate("es", es);
      const user = userEvent.setup();
      renderWithApi(<PaymentPage slug="py" />, {});
      await user.selectOptions(await screen.findByLabelText(/¿Cómo quieres que te paguemos\?/), "wire");
      expect(screen.getByRole("group", { name: "Transferencia internacional" })).toBeTruthy();
      expect(screen.getByLabelText(/Código SWIFT\/BIC/)).toBeTruthy();
      await user.selectOptions(screen.getByLabelText(/^País/), "DE");
      expect(screen.getByRole<HTMLOptionElement>("option", { name: "Alemania" }).selected).toBe(true);
      await user.click(screen.getByRole("button", { name: "Guardar los datos de pago" }));
      expect(await screen.findByText("Rellena este campo: nombre del banco.")).toBeTruthy();
    });
  });
});
