import type { OperationResult } from '@urql/core';
import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import type { Stage } from '../dashboard/stage-item';
import { graphql } from '../gql';
import { useFormOptions } from '../projects/options';
import { STALE } from '../refusal';
import { STAGE_LABELS, StageFields, stageInput } from './stage-fields';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const ADD_STAGE = graphql(`mutation AddStage($input: AddStageInput!) { addStage(input: $input) { id title position } }`);
const UPDATE_STAGE = graphql(`
  mutation UpdateStage($input: UpdateStageInput!) {
    updateStage(input: $input) { id title description dueDate version owner { id name } assignee { id name } dependsOn { id title status } availableActions }
  }
`);

/**
 * A stage's form: a new stage appended to the plan, or (`stage`) an edit, sent with the version
 * it was read at (a stale one is CONFLICT, said in words with the offer to reload).
 */
export function StageForm({ project, stage, close }: { project: Project; stage?: Stage; close(): void }) {
  const options = useFormOptions();
  const [, add] = useMutation(ADD_STAGE);
  const [, update] = useMutation(UPDATE_STAGE);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm(STAGE_LABELS);
  const prefix = stage ? `edit-${stage.id}` : 'new-stage';
  const [stale, setStale] = useState(false);
  return (
    <OpenForm
      form={form}
      close={close}
      label={stage ? `Edit stage: ${stage.title}` : 'Add a stage'}
      class="card inline-form stage-editor"
      onSubmit={async (event) => {
        const data = await submit(event, async (values) => {
          const input = stageInput(values, form.current);
          const result: OperationResult<unknown> = stage
            ? await update({ input: { ...input, id: stage.id, expectedVersion: stage.version } })
            : await add({ input: { ...input, projectId: project.id } });
          setStale(result.error?.graphQLErrors[0]?.extensions?.code === 'CONFLICT');
          return result;
        });
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      {options ? <StageFields prefix={prefix} project={project} stage={stage} options={options} errors={errors.fields} /> : <p class="loading">Loading…</p>}
      <FormAlert message={stale ? STALE : errors.alert} />
      {stale ? (
        <button
          type="button"
          class="button"
          onClick={() => {
            refresher.refreshAll();
            close();
          }}
        >
          Reload the plan
        </button>
      ) : null}
      <FormButtons busy={busy || !options} submit={stage ? 'Save stage' : 'Add stage'} close={close} />
    </OpenForm>
  );
}

/** The button that opens a form for a new stage at the end of the plan. */
export function AddStage({ project }: { project: Project }) {
  const [open, setOpen] = useState(false);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater('add-stage-button');
    setOpen(false);
  };
  return open ? (
    <StageForm project={project} close={close} />
  ) : (
    <div class="stage-actions">
      <button type="button" id="add-stage-button" class="button primary" onClick={() => setOpen(true)}>
        Add a stage
      </button>
    </div>
  );
}
