import { useParams } from "react-router";

import { PaymentPage } from "@/features/payment";

export function Component() {
  const { slug = "" } = useParams();
  return <PaymentPage slug={slug} />;
}
