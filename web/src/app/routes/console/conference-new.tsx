/** /c/:slug/manage/conferences/new: create a conference, then open its settings. */
import { useNavigate } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { ConferenceForm } from "@/features/settings";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.settings} title={t("console.conferenceNew.title")}>
      <PageTitle>{t("console.conferenceNew.title")}</PageTitle>
      <ConferenceForm onSaved={(c) => void navigate(`/c/${c.slug}/manage/settings`)} />
    </Restricted>
  );
}
