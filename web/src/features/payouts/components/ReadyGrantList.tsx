/** The payer's list: grants ready for disbursement, each opening its grant page. */
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { QueryState } from "@/components/QueryState";
import { formatTimestamp } from "@/utils/dates";
import { displayName } from "@/utils/people";

import { useReadyGrants } from "../api/payouts";

export function ReadyGrantList({ slug, grantHref }: { slug: string; grantHref: (grantId: string) => string }) {
  const query = useReadyGrants(slug);
  return (
    <QueryState query={query} loadingLabel="Loading the grants ready for disbursement…">
      {(grants) =>
        grants.length === 0 ? (
          <p>No grant is ready for disbursement. A grant is ready once it is accepted, its payment details are given and a receipt is approved.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Grants ready for disbursement">
              <thead>
                <tr>
                  <th scope="col">Applicant</th>
                  <th scope="col">Approved</th>
                  <th scope="col">Receipts</th>
                  <th scope="col">Last change</th>
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
