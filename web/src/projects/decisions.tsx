import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import { DecisionList } from '../decisions/decision-list';
import { graphql } from '../gql';
import { allOf, Checks, Input, TextArea } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';
import { useFormOptions } from './options';

const RECORD_DECISION = graphql(`mutation RecordDecision($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`);

const LABELS = {
  decidedOn: 'Decided on',
  text: 'What was decided',
  agreedByPartnerIds: 'Agreed by',
  stageIds: 'Stages it concerns',
  challengeIds: 'Challenges it concerns',
  principleIds: 'Principles it concerns',
};

/** Today as the server counts days (UTC): the latest day a decision may be dated. */
const today = () => new Date().toISOString().slice(0, 10);

/** Recording a decision: the day, what, the partners who agreed (at least one), and what it concerns. */
function RecordDecision({ project, close }: { project: Project; close(): void }) {
  const options = useFormOptions();
  const [, record] = useMutation(RECORD_DECISION);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm(LABELS);
  const checks = (name: keyof typeof LABELS, choices: { value: string; label: string }[]) => (
    <Checks prefix="decision" name={name} legend={LABELS[name]} options={choices} checked={[]} error={errors.fields[name]} />
  );
  return (
    <OpenForm
      form={form}
      close={close}
      label="Record a decision"
      onSubmit={async (event) => {
        const ids = (name: string) => allOf(form.current, name);
        const data = await submit(event, (v) =>
          record({
            input: {
              projectId: project.id,
              decidedOn: v.decidedOn ?? '',
              text: (v.text ?? '').trim(),
              agreedByPartnerIds: ids('agreedByPartnerIds'),
              stageIds: ids('stageIds'),
              challengeIds: ids('challengeIds'),
              principleIds: ids('principleIds'),
            },
          }),
        );
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      <Input prefix="decision" name="decidedOn" type="date" label={LABELS.decidedOn} required value={today()} max={today()} error={errors.fields.decidedOn} />
      <TextArea prefix="decision" name="text" label={LABELS.text} required maxLength={10000} error={errors.fields.text} />
      {options ? (
        <>
          {checks(
            'agreedByPartnerIds',
            options.data.partners.nodes.map((p) => ({ value: p.id, label: p.name })),
          )}
          {checks(
            'stageIds',
            project.stages.map((s) => ({ value: s.id, label: s.title })),
          )}
          {checks(
            'challengeIds',
            project.challenges.map((c) => ({ value: c.id, label: c.description })),
          )}
          {checks(
            'principleIds',
            options.data.principles.map((p) => ({ value: p.id, label: p.title })),
          )}
        </>
      ) : (
        <p class="loading">Loading…</p>
      )}
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !options} submit="Record decision" close={close} />
    </OpenForm>
  );
}

/** The project's decision log and (for members, unless it is archived) recording a decision. */
export function ProjectDecisions({ project, writable }: { project: Project; writable: boolean }) {
  const [open, setOpen] = useState(false);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater('record-decision-button');
    setOpen(false);
  };
  const { nodes, totalCount } = project.decisions;
  return (
    <section class="panel" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">Decisions</h2>
      <DecisionList decisions={nodes} />
      {totalCount > nodes.length ? (
        <p class="small">
          {`The latest ${nodes.length} of ${totalCount}; the rest are in the `}
          <a href="#/decisions">decision log</a>.
        </p>
      ) : null}
      {writable && !open ? (
        <div class="stage-actions">
          <button type="button" id="record-decision-button" class="button" onClick={() => setOpen(true)}>
            Record a decision
          </button>
        </div>
      ) : null}
      {open ? <RecordDecision project={project} close={close} /> : null}
    </section>
  );
}
