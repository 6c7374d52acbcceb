import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import type { Project } from '../dashboard/project';
import { formatDay, label } from '../format';
import { graphql } from '../gql';
import { useAction } from '../forms/actions';
import { useFormOptions } from '../projects/options';
import { useDashboard } from '../dashboard/context';
import { Input, orNull, Select } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const UPDATE_CHALLENGE = graphql(`mutation UpdateChallenge($input: UpdateChallengeInput!) { updateChallenge(input: $input) { id dueDate isOverdue owner { id name } } }`);
const RESOLVE_CHALLENGE = graphql(`mutation ResolveChallenge($input: ResolveChallengeInput!) { resolveChallenge(input: $input) { id status resolution isOverdue } }`);
const WITHDRAW_CHALLENGE = graphql(`mutation WithdrawChallenge($id: ID!) { withdrawChallenge(id: $id) { id status isOverdue } }`);

export type Challenge = Project['challenges'][number];

/** Who owns an open challenge and by when it should be resolved. */
function OwnForm({ challenge, close }: { challenge: Challenge; close(): void }) {
  const options = useFormOptions();
  const [, update] = useMutation(UPDATE_CHALLENGE);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm({ ownerUserId: 'Owner', dueDate: 'Resolve by' });
  const prefix = `own-${challenge.id}`;
  // Taking it on: the viewer is offered first.
  const me = options?.data.viewer.organisations.find((m) => m.organisation?.slug === options.data.organisation.slug);
  const self = options?.data.organisation.members.find((m) => m.id === me?.id)?.user.id;
  return (
    <OpenForm
      form={form}
      close={close}
      label="Owner and due date"
      class="inline-form"
      onSubmit={async (event) => {
        const data = await submit(event, (v) => update({ input: { id: challenge.id, ownerUserId: orNull(v.ownerUserId), dueDate: orNull(v.dueDate) } }));
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      {options ? (
        <Select
          prefix={prefix}
          name="ownerUserId"
          label="Owner"
          empty="Nobody"
          value={challenge.owner?.id ?? self}
          options={options.data.organisation.members.map((m) => ({ value: m.user.id, label: m.user.name }))}
          error={errors.fields.ownerUserId}
        />
      ) : (
        <p class="loading">Loading…</p>
      )}
      <Input prefix={prefix} name="dueDate" type="date" label="Resolve by" value={challenge.dueDate} error={errors.fields.dueDate} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !options} submit="Save owner" close={close} />
    </OpenForm>
  );
}

function ResolveForm({ challenge, close }: { challenge: Challenge; close(): void }) {
  const [, resolve] = useMutation(RESOLVE_CHALLENGE);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm({ resolution: 'Resolution' });
  return (
    <OpenForm
      form={form}
      close={close}
      label="Resolve the challenge"
      class="inline-form"
      onSubmit={async (event) => {
        const data = await submit(event, (v) => resolve({ input: { id: challenge.id, resolution: (v.resolution ?? '').trim() } }));
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      <Input prefix={`resolve-${challenge.id}`} name="resolution" label="How was it resolved?" required error={errors.fields.resolution} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Resolve" close={close} />
    </OpenForm>
  );
}

/** A challenge: what it is about, who raised it (on behalf, when so), who owns it, and (for members, while open) what can be done with it. */
export function ChallengeItem({ challenge, writable, showProject = false }: { challenge: Challenge; writable: boolean; showProject?: boolean }) {
  const [form, setForm] = useState<'own' | 'resolve' | null>(null);
  const { busy, error, run } = useAction();
  const [, withdraw] = useMutation(WITHDRAW_CHALLENGE);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater(`${form}-${challenge.id}`);
    setForm(null);
  };
  const raisedBy = challenge.onBehalf
    ? `Raised on behalf of ${challenge.raisedBy.name}${challenge.representative ? ` for ${challenge.representative.name}` : ''}${challenge.evidence ? ` (evidence: ${challenge.evidence})` : ''}`
    : `Raised by ${challenge.raisedBy.name}${challenge.representative ? ` (${challenge.representative.name})` : ''}`;
  const about = challenge.concernsStage ? `stage “${challenge.concernsStage.title}”` : challenge.concernsPartner ? challenge.concernsPartner.name : 'the project';
  const open = challenge.status === 'OPEN';
  return (
    <li class={`challenge status-${challenge.status.toLowerCase()}`} data-challenge-id={challenge.id}>
      <p class="challenge-head">
        <span class={`badge status status-${open ? 'blocked' : challenge.status === 'RESOLVED' ? 'done' : 'cancelled'}`}>{label(challenge.status)}</span>
        {challenge.isOverdue ? <span class="badge late">Overdue</span> : null} {challenge.description}
      </p>
      <p class="muted small">{`${raisedBy} · cites “${challenge.principle.title}” · about ${about} · ${formatDay(challenge.createdAt.slice(0, 10))}`}</p>
      {showProject ? (
        <p class="small">
          <a href={`#/projects/${encodeURIComponent(challenge.project.id)}`}>{challenge.project.name}</a>
        </p>
      ) : null}
      <p class="small challenge-owner">{`${challenge.owner ? `Owned by ${challenge.owner.name}` : 'Nobody owns it yet'}${challenge.dueDate ? `, to resolve by ${formatDay(challenge.dueDate)}` : ''}`}</p>
      {challenge.resolution ? <p class="small">{`Resolution: ${challenge.resolution}`}</p> : null}
      {writable && open && !form ? (
        <div class="stage-actions">
          <button
            type="button"
            id={`own-${challenge.id}`}
            class="button"
            disabled={busy}
            onClick={() => setForm('own')}
            aria-label={`${challenge.owner ? 'Change owner' : 'Take it on'}: ${challenge.description}`}
          >
            {challenge.owner ? 'Change owner' : 'Take it on'}
          </button>
          <button
            type="button"
            id={`resolve-${challenge.id}`}
            class="button primary"
            disabled={busy}
            onClick={() => setForm('resolve')}
            aria-label={`Resolve: ${challenge.description}`}
          >
            Resolve
          </button>
          <button
            type="button"
            class="button subtle"
            disabled={busy}
            onClick={() => void run(() => withdraw({ id: challenge.id }))}
            aria-label={`Withdraw: ${challenge.description}`}
          >
            Withdraw
          </button>
        </div>
      ) : null}
      {form === 'own' ? <OwnForm challenge={challenge} close={close} /> : null}
      {form === 'resolve' ? <ResolveForm challenge={challenge} close={close} /> : null}
      <p class="error" role="alert">
        {error}
      </p>
    </li>
  );
}
