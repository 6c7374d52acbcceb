import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import { graphql } from '../gql';
import { useFormOptions } from '../projects/options';
import { SpeakerFields, spokenOf } from '../projects/speaker';
import { ChallengeItem } from './challenge-item';
import { Input, orNull, Select, TextArea } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const RAISE_CHALLENGE = graphql(`mutation RaiseChallenge($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id status } }`);

const LABELS = {
  raisedByPartnerId: 'In the name of',
  representativeId: 'Speaking for it',
  evidence: 'Evidence',
  principleId: 'Principle',
  description: 'The concern',
  concernsStageId: 'About a stage',
  ownerUserId: 'Owner',
  dueDate: 'Resolve by',
};

/** A concern that someone is not working to a principle, raised in a partner's name. */
function RaiseChallenge({ project, close }: { project: Project; close(): void }) {
  const options = useFormOptions();
  const [, raise] = useMutation(RAISE_CHALLENGE);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm(LABELS);
  // The server names the partner field raisedByPartnerId; the speaker fields call it partnerId.
  const fields = { ...errors.fields, partnerId: errors.fields.raisedByPartnerId };
  return (
    <OpenForm
      form={form}
      close={close}
      label="Raise a challenge"
      onSubmit={async (event) => {
        if (!options) return;
        const data = await submit(event, (v) => {
          const spoken = spokenOf(v, options);
          return raise({
            input: {
              projectId: project.id,
              raisedByPartnerId: spoken.partnerId,
              representativeId: spoken.representativeId ?? null,
              evidence: spoken.evidence ?? null,
              principleId: v.principleId ?? '',
              description: (v.description ?? '').trim(),
              concernsStageId: orNull(v.concernsStageId),
              ownerUserId: orNull(v.ownerUserId),
              dueDate: orNull(v.dueDate),
            },
          });
        });
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      {options ? (
        <>
          <SpeakerFields prefix="challenge" partners={project.partners.map((p) => p.partner)} options={options} errors={fields} />
          <Select
            prefix="challenge"
            name="principleId"
            label={LABELS.principleId}
            required
            options={project.principles.map((p) => ({ value: p.id, label: p.title }))}
            error={errors.fields.principleId}
          />
          <TextArea prefix="challenge" name="description" label={LABELS.description} required error={errors.fields.description} />
          <Select
            prefix="challenge"
            name="concernsStageId"
            label={LABELS.concernsStageId}
            empty="The project as a whole"
            options={project.stages.map((s) => ({ value: s.id, label: s.title }))}
            error={errors.fields.concernsStageId}
          />
          <Select
            prefix="challenge"
            name="ownerUserId"
            label={LABELS.ownerUserId}
            empty="Nobody yet"
            options={options.data.organisation.members.map((m) => ({ value: m.user.id, label: m.user.name }))}
            error={errors.fields.ownerUserId}
          />
          <Input prefix="challenge" name="dueDate" type="date" label={LABELS.dueDate} error={errors.fields.dueDate} />
        </>
      ) : (
        <p class="loading">Loading…</p>
      )}
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !options} submit="Raise challenge" close={close} />
    </OpenForm>
  );
}

/** The project's challenges, open ones first, and (for members) raising a new one. */
export function ProjectChallenges({ project, writable }: { project: Project; writable: boolean }) {
  const [open, setOpen] = useState(false);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater('raise-button');
    setOpen(false);
  };
  const challenges = [...project.challenges].sort((a, b) => Number(b.status === 'OPEN') - Number(a.status === 'OPEN'));
  return (
    <section class="panel" aria-labelledby="challenges-heading">
      <h2 id="challenges-heading">Challenges</h2>
      {challenges.length ? (
        <ul class="plain-list challenges">
          {challenges.map((c) => (
            <ChallengeItem key={c.id} challenge={c} writable={writable} />
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
      {writable && !open && project.partners.length && project.principles.length ? (
        <div class="stage-actions">
          <button type="button" id="raise-button" class="button" onClick={() => setOpen(true)}>
            Raise a challenge
          </button>
        </div>
      ) : null}
      {open ? <RaiseChallenge project={project} close={close} /> : null}
    </section>
  );
}
