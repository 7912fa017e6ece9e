import { useParams } from "react-router";

import { ConferenceHome } from "@/features/conference";

export function Component() {
  const { slug = "" } = useParams();
  return <ConferenceHome slug={slug} />;
}
