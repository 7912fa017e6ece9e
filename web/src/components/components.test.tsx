import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ApiError, NetworkError } from "@/lib/api/errors";

import { ErrorMessage } from "./ErrorMessage";
import { Field } from "./Field";

describe("Field", () => {
  it("labels its control and describes it with the hint and the error", () => {
    render(
      <Field label="Occupation" hint="What you do." error="Tell us your occupation." required>
        {(props) => <input {...props} />}
      </Field>,
    );
    const input = screen.getByRole("textbox", { name: /Occupation/ });
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = (input.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(["What you do.", "Tell us your occupation."]);
  });
});

describe("ErrorMessage", () => {
  it("offers a retry for a network failure", async () => {
    const retry = vi.fn();
    render(<ErrorMessage error={new NetworkError("x")} onRetry={retry} />);
    expect(screen.getByRole("alert").textContent).toMatch(/could not reach the server/);
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("shows the API's message and no retry for a refusal", () => {
    render(<ErrorMessage error={new ApiError(409, "grant_exists", "You have already applied.")} onRetry={vi.fn()} />);
    expect(screen.getByRole("alert").textContent).toBe("You have already applied.");
    expect(screen.queryByRole("button")).toBeNull();
  });
});
