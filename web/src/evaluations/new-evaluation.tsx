import { useMutation } from '@urql/preact';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import { graphql } from '../gql';
import { Opener } from './opener';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm } from '../forms/open-form';
import { Input, orNull, Select } from '../forms/controls';

const CREATE_EVALUATION = graphql(`mutation CreateEvaluation($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`);

const LABELS = { title: 'Title', stageId: 'Part of the stage' };

function NewEvaluationForm({ project, close }: { project: Project; close(): void }) {
  const { refresher } = useDashboard();
  const [, create] = useMutation(CREATE_EVALUATION);
  const { form, errors, busy, submit } = useForm(LABELS);
  return (
    <OpenForm
      form={form}
      close={close}
      label="New evaluation"
      onSubmit={async (event) => {
        const data = await submit(event, (v) => create({ input: { projectId: project.id, title: (v.title ?? '').trim(), stageId: orNull(v.stageId) } }));
        if (!data) return;
        refresher.refreshAll();
        location.hash = `#/evaluations/${encodeURIComponent(data.createEvaluation.id)}`;
      }}
    >
      <Input prefix="new-evaluation" name="title" label={LABELS.title} required error={errors.fields.title} />
      <Select
        prefix="new-evaluation"
        name="stageId"
        label={LABELS.stageId}
        empty="None"
        options={project.stages.map((s) => ({ value: s.id, label: s.title }))}
        error={errors.fields.stageId}
      />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Create evaluation" close={close} />
    </OpenForm>
  );
}

/** On a project's page: the button that opens a form for a new DRAFT evaluation, whose page then opens. */
export function NewEvaluation({ project }: { project: Project }) {
  return <Opener id="new-evaluation-button" text="New evaluation" form={(close) => <NewEvaluationForm project={project} close={close} />} />;
}
