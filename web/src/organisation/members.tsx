import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { label } from '../format';
import { graphql } from '../gql';
import type { MembersQuery } from '../gql/graphql';
import { useLiveQuery, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { useAccess } from '../manage/access';
import { rolesGivenBy } from './roles';
import { ActionAlert, useAction } from '../forms/actions';
import { Select } from '../forms/controls';

// Who speaks for which partner is on the partners page: here it would cost 20 points a member
// (up to 500 of them) under the organisation's shared query budget, on every reload.
const MEMBERS = graphql(`
  query Members($emails: Boolean!) {
    organisation {
      id
      members {
        id role
        user { id name email @include(if: $emails) }
      }
    }
  }
`);

const CHANGE_ROLE = graphql(`mutation ChangeMemberRole($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }`);
const REMOVE_MEMBER = graphql(`mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) { id } }`);

type Member = MembersQuery['organisation']['members'][number];

const follows = (change: Change) => change.kind === 'activity' && change.entityType === 'Membership';

function MemberItem({ member, soleOwner }: { member: Member; soleOwner: boolean }) {
  const { manage, role } = useAccess();
  const [, changeRole] = useMutation(CHANGE_ROLE);
  const [, remove] = useMutation(REMOVE_MEMBER);
  const { busy, error, run } = useAction();
  const [chosen, setChosen] = useState(member.role);
  const [confirming, setConfirming] = useState(false);
  // Only an OWNER may touch an owner's membership; the server refuses anyone else.
  const controls = manage && (role === 'OWNER' || member.role !== 'OWNER');
  const name = member.user.name;
  return (
    <li class="member" data-member-id={member.id}>
      <div class="member-head">
        <strong>{name}</strong>
        {member.user.email ? <span class="muted">{` · ${member.user.email}`}</span> : null}
        <span class="badge role">{label(member.role)}</span>
      </div>
      {controls && soleOwner ? (
        // The server keeps at least one owner: nothing is offered that it would refuse.
        <p class="muted small">The only owner: make someone else an owner before changing this role or removing them.</p>
      ) : controls ? (
        <div class="member-actions">
          <form
            class="form-row"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => changeRole({ input: { membershipId: member.id, role: chosen } }));
            }}
          >
            <Select
              id={`role-${member.id}`}
              name="role"
              label={`Role of ${name}`}
              options={rolesGivenBy(role)}
              value={chosen}
              onChange={(value) => setChosen(value as Member['role'])}
            />
            <button type="submit" class="button" disabled={busy || chosen === member.role}>
              Change role
            </button>
          </form>
          {confirming ? (
            <div class="confirm" role="group" aria-label={`Remove ${name}?`}>
              <span>{`Remove ${name} from the organisation?`}</span>
              <button type="button" class="button warning" disabled={busy} onClick={() => void run(() => remove({ input: { membershipId: member.id } }))}>
                Yes, remove
              </button>
              <button type="button" class="button subtle" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </div>
          ) : (
            <button type="button" class="button subtle" aria-label={`Remove ${name}`} onClick={() => setConfirming(true)}>
              Remove
            </button>
          )}
        </div>
      ) : null}
      <ActionAlert message={error} />
    </li>
  );
}

/** Who belongs to the organisation, and with what role. */
export function Members() {
  const { emails } = useAccess();
  const { data, error, retry } = useLiveQuery(MEMBERS, { emails }, follows);
  return (
    <section class="panel" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {!data ? (
        error ? (
          <ViewError error={error} retry={retry} />
        ) : (
          <p class="loading">Loading…</p>
        )
      ) : (
        <ul class="plain-list members">
          {data.organisation.members.map((member, _, members) => (
            <MemberItem key={`${member.id} ${member.role}`} member={member} soleOwner={member.role === 'OWNER' && members.filter((m) => m.role === 'OWNER').length === 1} />
          ))}
        </ul>
      )}
    </section>
  );
}
