import { formatDay, label, plural } from '../format';
import type { WallQuery } from '../gql/graphql';

export type WallProject = WallQuery['projects']['nodes'][number];
type WallStage = WallProject['stages'][number];

/**
 * How many stage tiles fit the wall's plan area: 3 columns of 7 at full size, 3 of 17 when
 * compact (one line each). The wall's text is sized from the viewport (see dashboard.css), so
 * these hold on any screen the wall fits, 1920×1080 and 1280×720 alike.
 */
const FULL_TILES = 21;
const COLUMNS = 3;
/** Up to 4 rows of tiles leave room for the owner and due date on lines of their own, uncut. */
const ROOMY_TILES = 12;

const isOpen = (stage: WallStage) => stage.status !== 'DONE' && stage.status !== 'CANCELLED';

/**
 * What the plan shows: every stage when they all fit; otherwise every open stage and one tile
 * for the done and cancelled ones (history matters less in the room than what is still to do).
 * Open stages are never dropped: past what fits at full size the tiles go compact (one line: the
 * title, and a badge unless not started), which holds the longest plan the API allows (50 stages).
 */
export function planTiles(stages: readonly WallStage[]): { shown: WallStage[]; folded: WallStage[]; compact: boolean } {
  if (stages.length <= FULL_TILES) return { shown: [...stages], folded: [], compact: false };
  const shown = stages.filter(isOpen);
  const folded = stages.filter((stage) => !isOpen(stage));
  return { shown, folded, compact: shown.length + (folded.length ? 1 : 0) > FULL_TILES };
}

function folded(stages: WallStage[]): string {
  const done = stages.filter((stage) => stage.status === 'DONE').length;
  const cancelled = stages.length - done;
  return [done ? `${plural(done, 'stage')} done` : '', cancelled ? `${cancelled} cancelled` : ''].filter(Boolean).join(', ');
}

/** The action plan as tiles in numbered columns, read down then across. */
export function WallPlan({ project }: { project: WallProject }) {
  const { shown, folded: rest, compact } = planTiles(project.stages);
  const tiles = shown.length + (rest.length ? 1 : 0);
  const position = new Map(project.stages.map((stage, index) => [stage.id, index + 1]));
  return (
    <ol
      class="wall-plan"
      aria-label={`Action plan of ${project.name}`}
      data-compact={compact ? 'true' : undefined}
      data-roomy={tiles <= ROOMY_TILES ? 'true' : undefined}
      // Rows through the CSSOM (the CSP forbids style attributes, not this): the grid fills down each column.
      style={{ '--wall-rows': String(Math.max(1, Math.ceil(tiles / COLUMNS))) }}
    >
      {shown.map((stage) => {
        const status = stage.status.toLowerCase();
        return (
          <li key={stage.id} class={`wall-stage status-${status}`} data-stage-id={stage.id} data-status={stage.status}>
            <span class="wall-stage-number" aria-hidden="true">
              {String(position.get(stage.id))}
            </span>
            <span class="wall-stage-title">{stage.title}</span>
            {compact ? (
              // One line each: the title keeps the room; owners of blocked and late stages are beside the plan.
              <span class="wall-stage-meta">
                {stage.status === 'NOT_STARTED' ? null : <span class={`badge status status-${status}`}>{label(stage.status)}</span>}
                {stage.isLate ? <span class="badge late">Late</span> : null}
              </span>
            ) : (
              <span class="wall-stage-meta">
                <span class={`badge status status-${status}`}>{label(stage.status)}</span>
                {stage.isLate ? <span class="badge late">Late</span> : null}
                <span class="wall-stage-owner">{stage.owner?.name ?? 'No owner'}</span>
                {stage.dueDate && isOpen(stage) ? <span class="wall-stage-due">{`due ${formatDay(stage.dueDate)}`}</span> : null}
              </span>
            )}
          </li>
        );
      })}
      {rest.length ? <li class="wall-stage wall-more">{`And ${folded(rest)}`}</li> : null}
    </ol>
  );
}

/** Blocked and late stages with their owners: what someone in the room can act on. */
export function Attention({ project }: { project: WallProject }) {
  const stages = project.stages.filter((stage) => stage.status === 'BLOCKED' || stage.isLate);
  const most = 5;
  return (
    <section class="wall-panel wall-attention" aria-labelledby="wall-attention-heading">
      <h2 id="wall-attention-heading">Blocked and late</h2>
      {stages.length ? (
        <ul class="wall-list">
          {stages.slice(0, most).map((stage) => (
            <li key={stage.id} data-stage-id={stage.id}>
              <span class="wall-item-title">{stage.title}</span>
              <span class="wall-item-meta">
                {`${stage.owner?.name ?? 'No owner'} · ${stage.status === 'BLOCKED' ? `blocked${stage.blockedReason ? `: ${stage.blockedReason}` : ''}` : `late, due ${formatDay(stage.dueDate)}`}`}
              </span>
            </li>
          ))}
          {stages.length > most ? <li class="wall-item-meta">{`And ${stages.length - most} more, marked in the plan`}</li> : null}
        </ul>
      ) : (
        <p class="wall-item-meta">Nothing blocked or late.</p>
      )}
    </section>
  );
}
