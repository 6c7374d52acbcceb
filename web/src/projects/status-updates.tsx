import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import { formatInstant, plural } from '../format';
import { graphql } from '../gql';
import type { ProjectHealth } from '../gql/graphql';
import { TextArea } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const POST_PROJECT_UPDATE = graphql(`mutation PostProjectUpdate($input: PostProjectUpdateInput!) { postProjectUpdate(input: $input) { id } }`);

/** The three healths in words, best first: red, amber and green are never the only clue. */
const HEALTHS: Record<ProjectHealth, string> = { ON_TRACK: 'On track', AT_RISK: 'At risk', OFF_TRACK: 'Off track' };

const LABELS = { health: 'Status', narrative: 'What is going well, what is not, and what happens next' };

/** A project's health as a badge: its words, a symbol, and a colour (green, amber, red). */
export function HealthBadge({ health }: { health: ProjectHealth }) {
  return <span class={`badge health health-${health.toLowerCase()}`}>{HEALTHS[health]}</span>;
}

/** Posting an update: the health (the latest one chosen to start with) and the narrative behind it. */
function PostUpdate({ project, close }: { project: Project; close(): void }) {
  const [, post] = useMutation(POST_PROJECT_UPDATE);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm(LABELS);
  const current = project.updates.nodes[0]?.health ?? 'ON_TRACK';
  return (
    <OpenForm
      form={form}
      close={close}
      label="Post a status update"
      onSubmit={async (event) => {
        const data = await submit(event, (v) => post({ input: { projectId: project.id, health: (v.health ?? current) as ProjectHealth, narrative: (v.narrative ?? '').trim() } }));
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      <fieldset class="options" aria-describedby={errors.fields.health ? 'update-health-error' : undefined}>
        <legend>{LABELS.health}</legend>
        {(Object.keys(HEALTHS) as ProjectHealth[]).map((health) => (
          <label key={health} class="option">
            <input type="radio" name="health" value={health} defaultChecked={health === current} />
            <HealthBadge health={health} />
          </label>
        ))}
        {errors.fields.health ? (
          <p id="update-health-error" class="error field-error">
            {errors.fields.health}
          </p>
        ) : null}
      </fieldset>
      <TextArea prefix="update" name="narrative" label={LABELS.narrative} required maxLength={10000} error={errors.fields.narrative} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Post update" close={close} />
    </OpenForm>
  );
}

/** The project's latest status with its narrative, posting a new one (members, while it is under way), and the history. */
export function StatusUpdates({ project, writable }: { project: Project; writable: boolean }) {
  const [open, setOpen] = useState(false);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater('post-update-button');
    setOpen(false);
  };
  const { nodes, totalCount } = project.updates;
  const latest = nodes[0];
  const who = (update: (typeof nodes)[number]) => `${update.postedBy?.name ?? 'An API key'}, ${formatInstant(update.createdAt)}`;
  return (
    <section class="panel status-updates" aria-labelledby="updates-heading">
      <h2 id="updates-heading">Status updates</h2>
      {latest ? (
        <div class="latest-update">
          <p>
            <span class="muted">Latest status: </span>
            <HealthBadge health={latest.health} />
          </p>
          <p class="narrative">{latest.narrative}</p>
          <p class="muted small">{who(latest)}</p>
        </div>
      ) : (
        <p class="muted">No status update yet.</p>
      )}
      {writable && !open ? (
        <div class="stage-actions">
          <button type="button" id="post-update-button" class="button" onClick={() => setOpen(true)}>
            Post a status update
          </button>
        </div>
      ) : null}
      {open ? <PostUpdate project={project} close={close} /> : null}
      {latest ? (
        <>
          <h3>History</h3>
          <ul class="plain-list update-history" aria-label="Status history, newest first">
            {nodes.map((update) => (
              <li key={update.id}>
                <HealthBadge health={update.health} /> <span class="muted small">{who(update)}</span>
                <p class="narrative">{update.narrative}</p>
              </li>
            ))}
          </ul>
          {totalCount > nodes.length ? <p class="muted small">{`The latest ${nodes.length} of ${plural(totalCount, 'update')}.`}</p> : null}
        </>
      ) : null}
    </section>
  );
}
