/** The payer's list: grants ready for disbursement, each opening its grant page. */
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { QueryState } from "@/components/QueryState";
import { useT } from "@/lib/i18n";
import { formatTimestamp } from "@/utils/dates";
import { displayName } from "@/utils/people";

import { useReadyGrants } from "../api/payouts";
import { tableRegion } from "@/components/tableRegion";

export function ReadyGrantList({ slug, grantHref }: { slug: string; grantHref: (grantId: string) => string }) {
  const t = useT();
  const query = useReadyGrants(slug);
  return (
    <QueryState query={query} loadingLabel={t("ready.loading")}>
      {(grants) =>
        grants.length === 0 ? (
          <p>{t("ready.none")}</p>
        ) : (
          <div {...tableRegion({ label: t("ready.table") })}>
            <table aria-label={t("ready.table")}>
              <thead>
                <tr>
                  <th scope="col">{t("ready.applicant")}</th>
                  <th scope="col">{t("ready.approved")}</th>
                  <th scope="col">{t("ready.receipts")}</th>
                  <th scope="col">{t("ready.lastChange")}</th>
                </tr>
              </thead>
              <tbody>
                {grants.map((grant) => (
                  <tr key={grant.id}>
                    <td>
                      <Link to={grantHref(grant.id)}>{displayName(grant.user)}</Link>
                    </td>
                    <td><Money value={grant.approved_amount} /></td>
                    <td>{grant.receipt_count}</td>
                    <td>{formatTimestamp(grant.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryState>
  );
}
