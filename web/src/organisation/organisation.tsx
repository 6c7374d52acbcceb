import { useDashboard, usePageShown } from '../dashboard/context';
import { useAccess } from '../manage/access';
import { ApiKeys } from './api-keys';
import { Invitations } from './invitations';
import { Members } from './members';
import { Webhooks } from './webhooks';

/** The organisation's people and machines (`#/organisation`): members and their roles, invitations, API keys and kiosk links, webhooks. */
export function OrganisationView() {
  const { organisationName } = useDashboard();
  const { manage } = useAccess();
  usePageShown('Members and access');
  return (
    <div class="manage-page">
      <h1 tabIndex={-1}>Members and access</h1>
      <p class="lead">{`Who belongs to ${organisationName}, how screens and integrations get in, and where its events are sent.`}</p>
      <Members />
      {manage ? <Invitations /> : null}
      {manage ? <ApiKeys /> : null}
      {manage ? <Webhooks /> : null}
    </div>
  );
}
