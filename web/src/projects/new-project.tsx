import { useMutation } from '@urql/preact';
import { useDashboard, usePageShown } from '../dashboard/context';
import { graphql } from '../gql';
import { PROJECT_LABELS, ProjectFields } from './project-controls';
import { orNull } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';

const CREATE_PROJECT = graphql(`mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id name status } }`);

/** A new PROPOSED project; its page opens, to involve partners, choose principles and plan it. */
export function NewProjectView() {
  const { canWrite, refresher } = useDashboard();
  const [, create] = useMutation(CREATE_PROJECT);
  const { form, errors, busy, submit } = useForm(PROJECT_LABELS);
  usePageShown('New project');
  return (
    <div class="new-project">
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a href="#/">Overview</a>
      </nav>
      <h1 tabIndex={-1}>New project</h1>
      {canWrite ? (
        <form
          ref={form}
          class="card"
          noValidate
          onSubmit={async (event) => {
            const data = await submit(event, (v) =>
              create({
                input: { name: (v.name ?? '').trim(), summary: orNull(v.summary), goals: orNull(v.goals), startDate: orNull(v.startDate), targetDate: orNull(v.targetDate) },
              }),
            );
            if (!data) return;
            refresher.refreshAll();
            location.hash = `#/projects/${encodeURIComponent(data.createProject.id)}`;
          }}
        >
          <ProjectFields prefix="new-project" errors={errors.fields} />
          <FormAlert message={errors.alert} />
          <button type="submit" class="button primary" disabled={busy}>
            Create project
          </button>
        </form>
      ) : (
        <p class="muted">Projects are created by members.</p>
      )}
    </div>
  );
}
