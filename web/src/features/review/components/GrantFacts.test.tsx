import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { Applicant } from "./GrantFacts";

describe("the applicant's e-mail", () => {
  it("is marked unverified when the identity provider never verified it", () => {
    render(<Applicant user={{ sub: "s1", name: "Linus", email: "linus@example.com", email_verified: false }} />);
    expect(screen.getByText(/linus@example\.com/)).toBeTruthy();
    expect(screen.getByText("unverified").getAttribute("title")).toMatch(/no e-mails are sent/);
  });

  it("is shown plainly when verified, and the account id stands in when there is none", () => {
    const { container, rerender } = render(
      <Applicant user={{ sub: "s1", name: "Ada", email: "ada@example.com", email_verified: true }} />,
    );
    expect(container.textContent).toBe("Ada (ada@example.com)");
    rerender(<Applicant user={{ sub: "s2", name: "Bo", email: "", email_verified: false }} />);
    expect(container.textContent).toBe("Bo (s2)");
  });
});
