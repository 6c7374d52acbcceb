import { useMutation, useQuery } from '@urql/preact';
import { useRef, useState } from 'preact/hooks';
import { label } from '../format';
import { graphql } from '../gql';
import type { PartnersQuery } from '../gql/graphql';
import { useLiveQuery, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { useAccess } from '../manage/access';
import { ARCHIVE, Archived } from '../manage/archived';
import { PartnerForm, RepresentativeForm } from './partner-forms';
import { ActionAlert, useAction } from '../forms/actions';
import { Select, type Option } from '../forms/controls';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const PARTNERS = graphql(`
  query Partners {
    partners(first: 100) {
      nodes {
        id name kind description version
        representatives { id name roleTitle email user { id name } }
      }
      pageInfo { hasNextPage }
    }
  }
`);

const MEMBER_CHOICES = graphql(`query MemberChoices { organisation { id members { id user { id name } } } }`);
const LINK_REPRESENTATIVE = graphql(`mutation LinkRepresentative($input: LinkRepresentativeInput!) { linkRepresentative(input: $input) { id user { id name } } }`);

type Partner = PartnersQuery['partners']['nodes'][number];
type Representative = Partner['representatives'][number];
type Open = { partnerId: string; form: 'edit' | 'representative' } | null;

const FOLLOWS = new Set(['Partner', 'Representative', 'Membership']);
const follows = (change: Change) => change.kind === 'activity' && FOLLOWS.has(change.entityType);

/**
 * A representative, who speaks for the partner through a linked member. The link is changed in a
 * form opened by its own button (a select always open beside Archive read as part of the card's
 * controls), and the representative's own buttons sit on its row, apart from the partner's.
 */
function RepresentativeItem({ representative, members }: { representative: Representative; members: Option[] | undefined }) {
  const { edit } = useAccess();
  const [, link] = useMutation(LINK_REPRESENTATIVE);
  const [, archive] = useMutation(ARCHIVE);
  const { busy, error, run } = useAction();
  const [linking, setLinking] = useState(false);
  const [userId, setUserId] = useState(representative.user?.id ?? '');
  const form = useRef<HTMLFormElement>(null);
  const focusLater = useFocusLater();
  const { name } = representative;
  const linkButton = `link-button-${representative.id}`;
  const close = () => {
    setLinking(false);
    focusLater(linkButton);
  };
  return (
    <li class="representative" data-representative-id={representative.id}>
      <div>
        <strong>{name}</strong>
        {representative.roleTitle ? <span class="muted">{` · ${representative.roleTitle}`}</span> : null}
        {representative.email ? <span class="muted">{` · ${representative.email}`}</span> : null}
      </div>
      <p class="muted small linked-member">{representative.user ? `Speaks through ${representative.user.name}` : 'Not linked to a member'}</p>
      {linking && members ? (
        <OpenForm
          form={form}
          class="inline-form"
          label={`Who speaks as ${name}`}
          close={close}
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => link({ input: { representativeId: representative.id, userId: userId || null } }), close);
          }}
        >
          <Select
            id={`link-${representative.id}`}
            name="userId"
            label={`Member who speaks as ${name}`}
            empty="Nobody (unlinked)"
            options={members}
            value={userId}
            onChange={setUserId}
          />
          <FormButtons busy={busy} submit="Save link" close={close} />
        </OpenForm>
      ) : (
        <div class="item-actions">
          {members ? (
            <button type="button" id={linkButton} class="button" onClick={() => (setUserId(representative.user?.id ?? ''), setLinking(true))}>
              {representative.user ? `Change who speaks as ${name}` : `Link a member to ${name}`}
            </button>
          ) : null}
          {edit ? (
            <button type="button" class="button subtle" aria-label={`Archive ${name}`} disabled={busy} onClick={() => void run(() => archive({ id: representative.id }))}>
              Archive
            </button>
          ) : null}
        </div>
      )}
      <ActionAlert message={error} />
    </li>
  );
}

function PartnerItem({ partner, open, setOpen, members, reload }: { partner: Partner; open: Open; setOpen(open: Open): void; members: Option[] | undefined; reload(): void }) {
  const { edit } = useAccess();
  const [, archive] = useMutation(ARCHIVE);
  const { busy, error, run } = useAction();
  const form = open?.partnerId === partner.id ? open.form : null;
  const close = (refocus: string) => {
    setOpen(null);
    // The form goes: focus returns to the button that opened it.
    requestAnimationFrame(() => document.getElementById(`${refocus}-${partner.id}`)?.focus());
  };
  const done = (refocus: string) => {
    close(refocus);
    reload();
  };
  return (
    <li class="card partner" data-partner-id={partner.id}>
      <div class="card-head">
        <h2>{partner.name}</h2>
        <span class="badge kind">{label(partner.kind)}</span>
      </div>
      {partner.description ? <p class="muted">{partner.description}</p> : null}
      {form === 'edit' ? <PartnerForm partner={partner} done={() => done('edit')} close={() => close('edit')} /> : null}
      {edit && !form ? (
        <div class="item-actions">
          <button type="button" id={`edit-${partner.id}`} class="button" aria-label={`Change ${partner.name}`} onClick={() => setOpen({ partnerId: partner.id, form: 'edit' })}>
            Change
          </button>
          <button
            type="button"
            id={`representative-${partner.id}`}
            class="button"
            aria-label={`Add representative to ${partner.name}`}
            onClick={() => setOpen({ partnerId: partner.id, form: 'representative' })}
          >
            Add representative
          </button>
          <button type="button" class="button subtle" aria-label={`Archive ${partner.name}`} disabled={busy} onClick={() => void run(() => archive({ id: partner.id }))}>
            Archive
          </button>
        </div>
      ) : null}
      <ActionAlert message={error} />
      <h3>Representatives</h3>
      {partner.representatives.length ? (
        <ul class="plain-list representatives">
          {partner.representatives.map((r) => (
            <RepresentativeItem key={r.id} representative={r} members={members} />
          ))}
        </ul>
      ) : (
        <p class="muted">None yet.</p>
      )}
      {form === 'representative' ? <RepresentativeForm partner={partner} done={() => done('representative')} close={() => close('representative')} /> : null}
    </li>
  );
}

/** The partners, their representatives and who speaks for each; members and up add and change them. */
export function PartnersView() {
  const { edit, manage } = useAccess();
  const { data, error, retry } = useLiveQuery(PARTNERS, {}, follows);
  // Only ADMINs and OWNERs link representatives to members: only they need the list.
  const [{ data: people }] = useQuery({ query: MEMBER_CHOICES, pause: !manage });
  const members = manage ? (people?.organisation.members ?? []).map((m) => ({ value: m.user.id, label: m.user.name })) : undefined;
  const [open, setOpen] = useState<Open>(null);
  const [round, setRound] = useState(0);
  usePageShown(data ? 'Partners' : error ? 'Error' : undefined);
  if (!data) return error ? <ViewError error={error} retry={retry} /> : <p class="loading">Loading…</p>;
  const partners = data.partners.nodes;
  return (
    <div class="manage-page partners-page">
      <h1 tabIndex={-1}>Partners</h1>
      {edit ? null : <p class="muted small read-only-note">Read only: partners are changed by members.</p>}
      {partners.length ? (
        <ul class="cards partners">
          {partners.map((partner) => (
            <PartnerItem key={partner.id} partner={partner} open={open} setOpen={setOpen} members={members} reload={retry} />
          ))}
        </ul>
      ) : (
        <p class="muted">No partners yet.</p>
      )}
      {data.partners.pageInfo.hasNextPage ? <p class="muted">Showing the first 100 partners.</p> : null}
      {edit ? (
        <section class="panel" aria-label="New partner">
          <PartnerForm
            key={round}
            focusFirst={round > 0}
            done={() => {
              setRound(round + 1);
              retry();
            }}
          />
        </section>
      ) : null}
      <Archived title="Archived partners and representatives" types={['Partner', 'Representative']} canRestore={edit} restored={retry} />
    </div>
  );
}
