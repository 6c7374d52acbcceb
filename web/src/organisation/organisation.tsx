import { useDashboard, usePageShown } from '../dashboard/context';
import { useAccess } from '../manage/access';
import { ApiKeys } from './api-keys';
import { Invitations } from './invitations';
import { Members } from './members';

/** The organisation's people and machines (`#/organisation`): members and their roles, invitations, API keys and kiosk links. */
export function OrganisationView() {
  const { organisationName } = useDashboard();
  const { manage } = useAccess();
  usePageShown('Members and access');
  return (
    <div class="manage-page">
      <h1 tabIndex={-1}>Members and access</h1>
      <p class="lead">{`Who belongs to ${organisationName}, and how screens and integrations get in.`}</p>
      <Members />
      {manage ? <Invitations /> : null}
      {manage ? <ApiKeys /> : null}
    </div>
  );
}
