import { useMutation } from '@urql/preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { plural } from '../format';
import { graphql } from '../gql';
import type { PrinciplesQuery } from '../gql/graphql';
import { useLiveQuery, usePageShown, type Change } from '../dashboard/context';
import { ViewError } from '../dashboard/not-found';
import { useAccess } from '../manage/access';
import { ARCHIVE, Archived } from '../manage/archived';
import { ActionAlert, useAction } from '../forms/actions';
import { Input, TextArea } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';

const PRINCIPLES = graphql(`query Principles { principles { id title description position source version } }`);
const ADOPT = graphql(`mutation AdoptPrincipleSet($set: PrincipleSet!) { adoptPrincipleSet(set: $set) { id } }`);
const CREATE_PRINCIPLE = graphql(`mutation CreatePrinciple($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id title description position source version } }`);
const UPDATE_PRINCIPLE = graphql(`mutation UpdatePrinciple($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id title description version outdatedAgreements } }`);
const LABELS = { title: 'Title', description: 'Description' };

type Principle = PrinciplesQuery['principles'][number];

const follows = (change: Change) => change.kind === 'activity' && change.entityType === 'Principle';
const text = (value: string | undefined) => (value ?? '').trim();

function RewordForm({ principle, saved, close }: { principle: Principle; saved(version: number, outdated: number): void; close(): void }) {
  const [, update] = useMutation(UPDATE_PRINCIPLE);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [title, setTitle] = useState(principle.title);
  useLayoutEffect(() => document.getElementById('principle-title')?.focus(), []);
  return (
    <form
      ref={form}
      noValidate
      class="manage-form"
      aria-label={`Reword ${principle.title}`}
      onKeyDown={(event) => event.key === 'Escape' && close()}
      onSubmit={async (event) => {
        const answer = await submit(event, (values) =>
          update({ input: { id: principle.id, expectedVersion: principle.version, title: text(values.title), description: text(values.description) || null } }),
        );
        if (answer) saved(answer.updatePrinciple.version, answer.updatePrinciple.outdatedAgreements);
      }}
    >
      <Input required id="principle-title" name="title" label={LABELS.title} autocomplete="off" value={title} onInput={setTitle} error={errors.fields.title} />
      <TextArea id="principle-description" name="description" label={LABELS.description} value={principle.description ?? ''} error={errors.fields.description} />
      <p class="warning-note" id="reword-warning">
        {`Saving makes this version ${principle.version + 1}. Partners who agreed to version ${principle.version} will have to agree again, and projects that use it cannot start until they have.`}
      </p>
      <FormAlert message={errors.alert} />
      <div class="form-row">
        <button type="submit" class="button primary" disabled={busy} aria-describedby="reword-warning">
          Save new wording
        </button>
        <button type="button" class="button subtle" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PrincipleItem({ principle, open, setOpen, reload }: { principle: Principle; open: boolean; setOpen(id: string | null): void; reload(): void }) {
  const { edit, admin } = useAccess();
  const [, archive] = useMutation(ARCHIVE);
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState('');
  const close = () => {
    setOpen(null);
    requestAnimationFrame(() => document.getElementById(`reword-${principle.id}`)?.focus());
  };
  const saved = (version: number, outdated: number) => {
    setNotice(
      `Saved as version ${version}. ${outdated ? `${plural(outdated, 'agreement')} to the earlier wording must be given again.` : 'No agreement had been given to the earlier wording.'}`,
    );
    close();
    reload();
  };
  return (
    <li class="card principle-card" data-principle-id={principle.id}>
      <div class="card-head">
        <h2>{`${principle.position + 1}. ${principle.title}`}</h2>
        <span class="badge version">{`Version ${principle.version}`}</span>
      </div>
      {principle.description ? <p>{principle.description}</p> : null}
      {principle.source ? <p class="muted small">{`From ${principle.source}`}</p> : null}
      <p class="muted small" role="status">
        {notice}
      </p>
      {open ? <RewordForm principle={principle} saved={saved} close={close} /> : null}
      {edit && !open ? (
        <div class="item-actions">
          <button type="button" id={`reword-${principle.id}`} class="button" aria-label={`Reword ${principle.title}`} onClick={() => setOpen(principle.id)}>
            Reword
          </button>
          {admin ? (
            <button type="button" class="button subtle" aria-label={`Archive ${principle.title}`} disabled={busy} onClick={() => void run(() => archive({ id: principle.id }))}>
              Archive
            </button>
          ) : null}
        </div>
      ) : null}
      <ActionAlert message={error} />
    </li>
  );
}

function NewPrinciple({ done, focusFirst }: { done(): void; focusFirst: boolean }) {
  const [, create] = useMutation(CREATE_PRINCIPLE);
  const { form, errors, busy, submit } = useForm(LABELS);
  useLayoutEffect(() => {
    if (focusFirst) document.getElementById('new-principle-title')?.focus();
  }, []);
  return (
    <form
      ref={form}
      noValidate
      class="manage-form"
      aria-labelledby="new-principle-heading"
      onSubmit={async (event) => {
        const answer = await submit(event, (values) => create({ input: { title: text(values.title), description: text(values.description) || null } }));
        if (answer) done();
      }}
    >
      <h2 id="new-principle-heading">Add a principle</h2>
      <Input required id="new-principle-title" name="title" label={LABELS.title} autocomplete="off" error={errors.fields.title} />
      <TextArea id="new-principle-description" name="description" label={LABELS.description} error={errors.fields.description} />
      <FormAlert message={errors.alert} />
      <button type="submit" class="button primary" disabled={busy}>
        Add principle
      </button>
    </form>
  );
}

/** The principles the partners work by: adopt the TUC's six, add, reword (a new version), archive. */
export function PrinciplesView() {
  const { edit, admin } = useAccess();
  const { data, error, retry } = useLiveQuery(PRINCIPLES, {}, follows);
  const [, adopt] = useMutation(ADOPT);
  const adopting = useAction();
  const [open, setOpen] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  usePageShown(data ? 'Principles' : error ? 'Error' : undefined);
  if (!data) return error ? <ViewError error={error} retry={retry} /> : <p class="loading">Loading…</p>;
  const principles = [...data.principles].sort((a, b) => a.position - b.position);
  const adopted = principles.some((p) => p.source?.startsWith('TUC'));
  return (
    <div class="manage-page principles-page">
      <h1 tabIndex={-1}>Principles</h1>
      {edit ? null : <p class="muted small read-only-note">Read only: principles are changed by members.</p>}
      {edit && !adopted ? (
        <div class="panel">
          <p>The TUC’s Six Principles of Partnership are a tried starting point; their wording is yours to change afterwards.</p>
          <button type="button" class="button primary" disabled={adopting.busy} onClick={() => void adopting.run(() => adopt({ set: 'TUC_SIX_PRINCIPLES' }))}>
            Adopt the TUC’s six principles
          </button>
          <ActionAlert message={adopting.error} />
        </div>
      ) : null}
      {principles.length ? (
        <ol class="cards principles-list">
          {principles.map((principle) => (
            <PrincipleItem key={principle.id} principle={principle} open={open === principle.id} setOpen={setOpen} reload={retry} />
          ))}
        </ol>
      ) : (
        <p class="muted">No principles yet.</p>
      )}
      {edit ? (
        <section class="panel">
          <NewPrinciple
            key={round}
            focusFirst={round > 0}
            done={() => {
              setRound(round + 1);
              retry();
            }}
          />
        </section>
      ) : null}
      <Archived title="Archived principles" types={['Principle']} canRestore={admin} restored={retry} />
    </div>
  );
}
