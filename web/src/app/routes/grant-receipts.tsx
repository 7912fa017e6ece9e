import { PageTitle } from "@/components/PageTitle";

export function Component() {
  return <PageTitle>Coming soon</PageTitle>;
}
