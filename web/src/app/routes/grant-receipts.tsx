import { useParams } from "react-router";

import { ReceiptsPage } from "@/features/receipts";

export function Component() {
  const { slug = "" } = useParams();
  return <ReceiptsPage slug={slug} />;
}
