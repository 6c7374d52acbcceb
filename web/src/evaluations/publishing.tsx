import { useMutation } from '@urql/preact';
import { useDashboard } from '../dashboard/context';
import { graphql } from '../gql';
import type { Evaluation } from './evaluation';
import { Opener } from './opener';
import { FormAlert, useForm } from '../forms/form';
import { ActionAlert, useAction } from '../forms/actions';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';
import { TextArea } from '../forms/controls';

const PUBLISH = graphql(`mutation PublishEvaluation($id: ID!) { publishEvaluation(id: $id) { id status } }`);
const REOPEN = graphql(`mutation ReopenEvaluation($input: ReopenEvaluationInput!) { reopenEvaluation(input: $input) { id status } }`);

const LABELS = { reason: 'Why must it change again?' };

function ReopenForm({ id, close, done }: { id: string; close(): void; done(): void }) {
  const [, reopen] = useMutation(REOPEN);
  const { form, errors, busy, submit } = useForm(LABELS);
  return (
    <OpenForm
      form={form}
      close={close}
      label="Reopen the evaluation"
      onSubmit={async (event) => {
        if (await submit(event, (v) => reopen({ input: { id, reason: (v.reason ?? '').trim() } }))) done();
      }}
    >
      <TextArea prefix="reopen" name="reason" label={LABELS.reason} hint="Kept in the activity log." required error={errors.fields.reason} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Reopen evaluation" close={close} />
    </OpenForm>
  );
}

/**
 * Publishing (members; refused in words without service-user involvement) and reopening (ADMIN
 * and OWNER only, with a reason, as the server rules): a published evaluation is frozen.
 */
export function Publishing({ evaluation }: { evaluation: Evaluation }) {
  const { role, refresher } = useDashboard();
  const [, publish] = useMutation(PUBLISH);
  const { busy, error, run } = useAction();
  // Focus goes where the change shows: the notice once published, the publish button once reopened.
  const focusLater = useFocusLater();
  const changed = (id: string) => {
    focusLater(id);
    refresher.refreshAll();
  };
  if (evaluation.status === 'PUBLISHED') {
    const mayReopen = role === 'ADMIN' || role === 'OWNER';
    return (
      <div class="publishing">
        <p
          id="published-notice"
          class="notice"
          tabIndex={-1}
        >{`Published: it stays as it is, as evidence. ${mayReopen ? 'Reopen it to change it again.' : 'An administrator can reopen it to change it again.'}`}</p>
        {mayReopen ? (
          <Opener id="reopen-button" text="Reopen evaluation" form={(close) => <ReopenForm id={evaluation.id} close={close} done={() => changed('publish-button')} />} />
        ) : null}
      </div>
    );
  }
  return (
    <div class="publishing">
      <button
        type="button"
        id="publish-button"
        class="button primary"
        disabled={busy}
        onClick={() =>
          void run(
            () => publish({ id: evaluation.id }),
            () => changed('published-notice'),
          )
        }
      >
        Publish evaluation
      </button>
      <ActionAlert message={error} />
    </div>
  );
}
