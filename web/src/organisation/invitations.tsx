import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { formatInstant, label } from '../format';
import { graphql } from '../gql';
import type { InvitationsQuery } from '../gql/graphql';
import { useAccess } from '../manage/access';
import { rolesGivenBy } from './roles';
import { ActionAlert, useAction } from '../forms/actions';
import { CopyField, Input, Select } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';

const INVITATIONS = graphql(`
  query Invitations {
    organisation {
      id
      invitations {
        id email role status createdAt expiresAt
        invitedBy { id name }
        representative { id name partner { id name } }
      }
    }
    partners(first: 50) {
      nodes { id name representatives { id name user { id } } }
    }
  }
`);

const INVITE_MEMBER = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) { id email role status link }
  }
`);

const REVOKE_INVITATION = graphql(`mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }`);

const LABELS = { email: 'Email', role: 'Role', representativeId: 'Speaks for' };

type Invitation = InvitationsQuery['organisation']['invitations'][number];

function InvitationItem({ invitation, reload }: { invitation: Invitation; reload(): void }) {
  const [, revoke] = useMutation(REVOKE_INVITATION);
  const { busy, error, run } = useAction();
  const speaks = invitation.representative ? ` · will speak for ${invitation.representative.partner.name} as ${invitation.representative.name}` : '';
  return (
    <li class="invitation" data-invitation-id={invitation.id}>
      <div>
        <strong>{invitation.email}</strong>
        <span class="muted">{` · ${label(invitation.role)}${speaks}`}</span>{' '}
        <span class={`badge status invitation-${invitation.status.toLowerCase()}`}>{label(invitation.status)}</span>
      </div>
      <p class="muted small">{`Sent ${formatInstant(invitation.createdAt)}${invitation.invitedBy ? ` by ${invitation.invitedBy.name}` : ''}${invitation.status === 'PENDING' ? `, works until ${formatInstant(invitation.expiresAt)}` : ''}`}</p>
      {invitation.status === 'PENDING' ? (
        <button
          type="button"
          class="button subtle"
          aria-label={`Revoke the invitation to ${invitation.email}`}
          disabled={busy}
          onClick={() => void run(() => revoke({ id: invitation.id }), reload)}
        >
          Revoke
        </button>
      ) : null}
      <ActionAlert message={error} />
    </li>
  );
}

/** Inviting people (they join by accepting the mailed link), and the invitations sent. */
export function Invitations() {
  const { role } = useAccess();
  const [{ data, error }, reexecute] = useQuery({ query: INVITATIONS, requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  const [, invite] = useMutation(INVITE_MEMBER);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [sent, setSent] = useState<{ email: string; link: string | null | undefined }>();
  // A new form after each invitation: empty, with the choices back at their defaults.
  const [round, setRound] = useState(0);
  // A representative already speaking through a member cannot be named (the server says CONFLICT).
  const free = (data?.partners.nodes ?? []).flatMap((p) => p.representatives.filter((r) => !r.user).map((r) => ({ value: r.id, label: `${r.name} (${p.name})` })));
  return (
    <section class="panel" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <form
        key={round}
        ref={form}
        noValidate
        class="manage-form"
        aria-labelledby="invite-heading"
        onSubmit={async (event) => {
          const answer = await submit(event, (values) =>
            invite({ input: { email: (values.email ?? '').trim(), role: values.role as Invitation['role'], representativeId: values.representativeId || null } }),
          );
          if (!answer) return;
          setSent({ email: answer.inviteMember.email, link: answer.inviteMember.link });
          setRound(round + 1);
          reload();
        }}
      >
        <h3 id="invite-heading">Invite someone</h3>
        <Input required id="invite-email" name="email" label={LABELS.email} type="email" autocomplete="off" error={errors.fields.email} />
        <Select id="invite-role" name="role" label={LABELS.role} options={rolesGivenBy(role)} value="MEMBER" error={errors.fields.role} />
        <Select
          id="invite-representative"
          name="representativeId"
          label={LABELS.representativeId}
          empty="Nobody: not a partner’s representative"
          options={free}
          error={errors.fields.representativeId}
        />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Send invitation
        </button>
      </form>
      {sent ? (
        <div class="card once" role="status">
          <p>{`Invitation sent to ${sent.email}. Where mail is set up it is in their inbox; otherwise pass them this link yourself. It is shown only this once, and works once, for 7 days.`}</p>
          {sent.link ? <CopyField id="invitation-link" label="Invitation link" value={sent.link} button="Copy link" /> : null}
        </div>
      ) : null}
      <h3>Sent</h3>
      {!data ? (
        error ? (
          <p role="alert">The invitations could not be loaded.</p>
        ) : (
          <p class="loading">Loading…</p>
        )
      ) : data.organisation.invitations.length ? (
        <ul class="plain-list invitations">
          {data.organisation.invitations.map((invitation) => (
            <InvitationItem key={invitation.id} invitation={invitation} reload={reload} />
          ))}
        </ul>
      ) : (
        <p class="muted">No invitations yet.</p>
      )}
    </section>
  );
}
