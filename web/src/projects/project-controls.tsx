import { useMutation } from '@urql/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { ProjectAction, ProjectStatus } from '../gql/graphql';
import type { Project } from '../dashboard/project';
import { useAction } from '../forms/actions';
import { STALE, type Names } from '../refusal';
import { Input, orNull, TextArea } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const UPDATE_PROJECT = graphql(`
  mutation UpdateProject($input: UpdateProjectInput!) { updateProject(input: $input) { id name summary goals startDate targetDate version } }
`);
const START_PROJECT = graphql(`mutation StartProject($id: ID!) { startProject(id: $id) { id status version availableActions } }`);
const CHANGE_PROJECT_STATUS = graphql(
  `mutation ChangeProjectStatus($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id status version availableActions } }`,
);
const ARCHIVE = graphql(`mutation Archive($id: ID!) { archive(id: $id) { id } }`);
const RESTORE = graphql(`mutation Restore($id: ID!) { restore(id: $id) { id } }`);

export const PROJECT_LABELS = { name: 'Name', summary: 'Summary', goals: 'Goals', startDate: 'Start date', targetDate: 'Target date' };

/** The details every project has, in a form (new or edited). */
export function ProjectFields({ prefix, errors, project }: { prefix: string; errors: Partial<Record<string, string>>; project?: Project }) {
  return (
    <>
      <Input prefix={prefix} name="name" label={PROJECT_LABELS.name} required value={project?.name} error={errors.name} />
      <TextArea prefix={prefix} name="summary" label={PROJECT_LABELS.summary} value={project?.summary} error={errors.summary} />
      <TextArea prefix={prefix} name="goals" label={PROJECT_LABELS.goals} value={project?.goals} error={errors.goals} />
      <Input prefix={prefix} name="startDate" type="date" label={PROJECT_LABELS.startDate} value={project?.startDate} error={errors.startDate} />
      <Input
        prefix={prefix}
        name="targetDate"
        type="date"
        label={PROJECT_LABELS.targetDate}
        value={project?.targetDate}
        error={errors.targetDate}
        hint="Not before the start date."
      />
    </>
  );
}

/** The project's details, changed only if nobody changed them since they were read (else CONFLICT, and an offer to reload). */
function EditProject({ project, close, reload }: { project: Project; close(): void; reload(): void }) {
  const [, update] = useMutation(UPDATE_PROJECT);
  const { form, errors, busy, submit } = useForm(PROJECT_LABELS);
  const [stale, setStale] = useState(false);
  return (
    <OpenForm
      form={form}
      close={close}
      label="Edit the project's details"
      class="panel card edit-project"
      onSubmit={async (event) => {
        const data = await submit(event, (v) =>
          update({
            input: {
              id: project.id,
              expectedVersion: project.version,
              name: (v.name ?? '').trim(),
              summary: orNull(v.summary),
              goals: orNull(v.goals),
              startDate: orNull(v.startDate),
              targetDate: orNull(v.targetDate),
            },
          }).then((result) => {
            setStale(result.error?.graphQLErrors[0]?.extensions?.code === 'CONFLICT');
            return result;
          }),
        );
        if (data) close();
      }}
    >
      <ProjectFields prefix="edit-project" errors={errors.fields} project={project} />
      <FormAlert message={stale ? STALE : errors.alert} />
      {stale ? (
        <button
          type="button"
          class="button"
          onClick={() => {
            reload();
            close();
          }}
        >
          Reload the project
        </button>
      ) : null}
      <FormButtons busy={busy} submit="Save details" close={close} />
    </OpenForm>
  );
}

/** The buttons of the status changes the server offers (Project.availableActions), and where each goes. */
const MOVES: Record<ProjectAction, [text: string, to: ProjectStatus]> = {
  START: ['Start project', 'ACTIVE'],
  HOLD: ['Put on hold', 'ON_HOLD'],
  RESUME: ['Resume', 'ACTIVE'],
  COMPLETE: ['Complete project', 'COMPLETED'],
  CANCEL: ['Cancel project', 'CANCELLED'],
};

/** What a member may do with the project itself: edit it, move it along its life, archive or restore it. */
export function ProjectControls({ project, names, retry }: { project: Project; names: Names; retry(): void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction(names);
  const controls = useRef<HTMLDivElement>(null);
  // A status change replaces the buttons: focus goes to the first of the new ones, not the page's start.
  const refocus = useRef(false);
  useLayoutEffect(() => {
    if (!refocus.current || (document.activeElement && document.activeElement !== document.body)) return;
    refocus.current = false;
    controls.current?.querySelector<HTMLButtonElement>('button')?.focus();
  });
  const act = async (send: Parameters<typeof run>[0]) => {
    refocus.current = await run(send);
    setConfirming(false);
  };
  const [, start] = useMutation(START_PROJECT);
  const [, change] = useMutation(CHANGE_PROJECT_STATUS);
  const [, archive] = useMutation(ARCHIVE);
  const [, restore] = useMutation(RESTORE);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater('edit-project-button');
    setEditing(false);
  };
  const button = (text: string, onClick: () => void, className = '', id?: string) => (
    <button type="button" id={id} class={`button ${className}`} disabled={busy} onClick={onClick}>
      {text}
    </button>
  );
  if (project.archivedAt) {
    return (
      <div class="project-controls" ref={controls}>
        <p class="notice">This project is archived: it and everything it holds are read only until it is restored.</p>
        <div class="stage-actions">{button('Restore project', () => void act(() => restore({ id: project.id })))}</div>
        <p class="error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  return (
    <div class="project-controls" ref={controls}>
      {confirming ? (
        <div class="stage-form" role="group" aria-label="Cancel the project">
          <p>Cancel the project? A cancelled project can never start or change again.</p>
          <div class="form-row">
            {button('Yes, cancel the project', () => void act(() => change({ input: { id: project.id, status: 'CANCELLED' } })), 'warning', 'confirm-cancel-project')}
            {button('Keep it', () => ((refocus.current = true), setConfirming(false)), 'subtle')}
          </div>
        </div>
      ) : (
        <div class="stage-actions">
          {project.availableActions.map((action) => {
            const [text, to] = MOVES[action];
            if (action === 'CANCEL') return button(text, () => ((refocus.current = true), setConfirming(true)), 'warning');
            return button(text, () => void act(() => (action === 'START' ? start({ id: project.id }) : change({ input: { id: project.id, status: to } }))), 'primary');
          })}
          {project.availableActions.length ? button('Edit details', () => setEditing(true), 'subtle', 'edit-project-button') : null}
          {button('Archive project', () => void act(() => archive({ id: project.id })), 'subtle')}
        </div>
      )}
      <p class="error project-refusal" role="alert">
        {error}
      </p>
      {editing ? <EditProject project={project} close={close} reload={retry} /> : null}
    </div>
  );
}
