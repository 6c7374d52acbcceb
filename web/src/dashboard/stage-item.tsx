import { useMutation } from '@urql/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatDay, label } from '../format';
import { graphql } from '../gql';
import type { ProjectQuery } from '../gql/graphql';
import { StageForm as EditStageForm } from '../plan/add-stage';
import { useAction } from '../forms/actions';
import type { Project } from './project';
import { useDashboard } from './context';

export type Stage = NonNullable<ProjectQuery['project']>['stages'][number];

const START_STAGE = graphql(`mutation StartStage($id: ID!) { startStage(id: $id) { id status availableActions } }`);
const BLOCK_STAGE = graphql(`mutation BlockStage($input: BlockStageInput!) { blockStage(input: $input) { id status blockedReason availableActions } }`);
const COMPLETE_STAGE = graphql(`mutation CompleteStage($input: CompleteStageInput!) { completeStage(input: $input) { id status availableActions } }`);
const CANCEL_STAGE = graphql(`mutation CancelStage($id: ID!) { cancelStage(id: $id) { id status availableActions } }`);
export const MOVE_STAGE = graphql(`mutation MoveStage($input: MoveStageInput!) { moveStage(input: $input) { id } }`);

type FormKind = 'block' | 'complete' | 'cancel';

/** Cancelling is final: it asks once more, with the button that confirms it focused. */
function CancelForm({ stage, busy, onSubmit, onClose }: { stage: Stage; busy: boolean; onSubmit(): void; onClose(): void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => confirm.current?.focus(), []);
  return (
    <form
      class="stage-form cancel-form"
      aria-label={`Cancel stage: ${stage.title}`}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <p>{`Cancel “${stage.title}”? A cancelled stage stays in the plan and can never start again.`}</p>
      <div class="form-row">
        <button ref={confirm} type="submit" class="button warning" disabled={busy}>
          Yes, cancel the stage
        </button>
        <button type="button" class="button subtle" onClick={onClose}>
          Keep it
        </button>
      </div>
    </form>
  );
}

/** The inline form for a reason or a celebration message; live reloads wait while it is open. */
function StageForm({ stage, kind, busy, onSubmit, onClose }: { stage: Stage; kind: 'block' | 'complete'; busy: boolean; onSubmit(text: string): void; onClose(): void }) {
  const inputId = `${kind}-input-${stage.id}`;
  const input = useRef<HTMLInputElement>(null);
  // At once, before a key pressed next can reach the button that opened the form.
  useLayoutEffect(() => input.current?.focus(), []);
  return (
    <form
      class={`stage-form ${kind}-form`}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(input.current?.value.trim() ?? '');
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <label for={inputId}>{kind === 'block' ? `Why is “${stage.title}” blocked?` : `Celebration message for “${stage.title}” (optional)`}</label>
      <div class="form-row">
        <input ref={input} id={inputId} name={kind === 'block' ? 'reason' : 'celebration'} type="text" maxLength={500} required={kind === 'block'} autocomplete="off" />
        <button type="submit" class={`button ${kind === 'complete' ? 'primary' : 'warning'}`} disabled={busy}>
          {kind === 'block' ? 'Block stage' : 'Complete stage'}
        </button>
        <button type="button" class="button subtle" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * One stage of an action plan: what it is, who owns it and does it, when it is due, and what the
 * viewer may do with it now: only the transitions the server lists in `availableActions` (none
 * for an observer; no Start while a stage it depends on is open), and, while the project is open
 * to changes (`writable`), editing and moving it.
 */
export function StageItem({
  project,
  stage,
  index,
  count,
  writable,
  dropTarget,
}: {
  project: Project;
  stage: Stage;
  index: number;
  count: number;
  writable: boolean;
  dropTarget: boolean;
}) {
  const { refresher, lastFocusedId } = useDashboard();
  const [form, setForm] = useState<FormKind | 'edit' | null>(null);
  const { busy, error, run } = useAction(new Map(project.stages.map((s) => [s.id, s.title])));
  const [, startStage] = useMutation(START_STAGE);
  const [, blockStage] = useMutation(BLOCK_STAGE);
  const [, completeStage] = useMutation(COMPLETE_STAGE);
  const [, cancelStage] = useMutation(CANCEL_STAGE);
  const [, moveStage] = useMutation(MOVE_STAGE);
  /**
   * The stage's next step after a change: controls to focus as soon as one of them is drawn (and
   * enabled), once the stage has left the status it had when the change was sent. Until then the
   * old status's buttons (Cancel, say) are still drawn, and the first redraw may come before the
   * new status does.
   */
  const focusNext = useRef<{ leaving: Stage['status']; ids: string[] } | null>(null);
  useLayoutEffect(() => {
    const pending = focusNext.current;
    if (!pending || stage.status === pending.leaving) return;
    const next = pending.ids.map((id) => document.getElementById(id)).find((e) => e instanceof HTMLButtonElement && !e.disabled);
    if (next) {
      focusNext.current = null;
      lastFocusedId.current = next.id;
      next.focus();
    }
  });

  const openForm = (kind: FormKind | 'edit') => {
    refresher.setEditing(true);
    setForm(kind);
  };
  const closeForm = (refocus: boolean) => {
    const kind = form;
    setForm(null);
    refresher.setEditing(false);
    if (refocus && kind) document.getElementById(`${kind}-${stage.id}`)?.focus();
  };

  const submitForm = async (text: string) => {
    const ok =
      form === 'block'
        ? await run(() => blockStage({ input: { id: stage.id, reason: text } }))
        : form === 'cancel'
          ? await run(() => cancelStage({ id: stage.id }))
          : await run(() => completeStage({ input: { id: stage.id, celebration: text || null } }));
    if (!ok) return;
    // The form and the button that opened it go: focus moves to what comes next for this stage,
    // starting it again once blocked (when it may start), or moving it once done.
    focusNext.current = { leaving: stage.status, ids: [`start-${stage.id}`, `cancel-${stage.id}`, index > 0 ? `up-${stage.id}` : `down-${stage.id}`, `edit-${stage.id}`] };
    lastFocusedId.current = focusNext.current.ids[0]!;
    closeForm(false);
  };

  // The Start button goes once the stage has started: focus moves on to its next step.
  const started = () => {
    focusNext.current = { leaving: stage.status, ids: [`complete-${stage.id}`, `block-${stage.id}`, `cancel-${stage.id}`] };
    lastFocusedId.current = focusNext.current.ids[0]!;
  };

  const button = (id: string, text: string, accessibleName: string, onClick: () => void, className = '') => (
    <button type="button" id={`${id}-${stage.id}`} class={`button ${className}`} aria-label={accessibleName} disabled={busy} onClick={onClick}>
      {text}
    </button>
  );

  const actions = stage.availableActions;
  const waitingFor = stage.dependsOn.filter((d) => d.status !== 'DONE');
  const latestCelebration = stage.celebrations.at(-1);
  const status = stage.status.toLowerCase();
  const movable = writable && count > 1;
  return (
    <li class={`stage status-${status}${dropTarget ? ' drop-target' : ''}`} data-stage-id={stage.id} data-status={stage.status} data-index={index}>
      <div class="stage-head">
        <span class={`stage-number${movable && !form ? ' drag-handle' : ''}`} aria-hidden="true" title={movable ? 'Drag to move this stage' : undefined}>
          {String(index + 1)}
        </span>
        <h3 class="stage-title">{stage.title}</h3>
        <span class={`badge status status-${status}`}>{label(stage.status)}</span>
        {stage.isLate ? <span class="badge late">Late</span> : null}
      </div>
      <dl class="stage-facts">
        <div>
          <dt>Owner</dt>
          <dd class="stage-owner">{stage.owner?.name ?? 'No owner'}</dd>
        </div>
        {stage.assignee ? (
          <div>
            <dt>Assignee</dt>
            <dd class="stage-assignee">{stage.assignee.name}</dd>
          </div>
        ) : null}
        <div>
          <dt>Due</dt>
          <dd>{stage.dueDate ? <time dateTime={stage.dueDate}>{formatDay(stage.dueDate)}</time> : 'No date'}</dd>
        </div>
        {stage.dependsOn.length ? (
          <div>
            <dt>After</dt>
            <dd class="stage-dependencies">
              {stage.dependsOn.map((d, i) => `${i ? ', ' : ''}${d.title}${d.status === 'DONE' ? ' ✓' : ` (${label(d.status).toLowerCase()})`}`).join('')}
            </dd>
          </div>
        ) : null}
      </dl>
      {stage.description ? <p class="muted">{stage.description}</p> : null}
      {stage.status === 'BLOCKED' && stage.blockedReason ? (
        <p class="blocked-reason">
          <strong>Blocked: </strong>
          {stage.blockedReason}
        </p>
      ) : null}
      {latestCelebration?.message ? (
        <p class="stage-celebration">
          <span class="star" aria-hidden="true">
            ★{' '}
          </span>
          {latestCelebration.message}
        </p>
      ) : null}
      {writable && waitingFor.length && (stage.status === 'NOT_STARTED' || stage.status === 'BLOCKED') ? (
        <p class="muted small waiting-for">{`Can start once ${waitingFor.map((d) => `“${d.title}”`).join(' and ')} ${waitingFor.length === 1 ? 'is' : 'are'} done.`}</p>
      ) : null}
      {actions.length || writable ? (
        <div class="stage-actions">
          {actions.includes('START') ? button('start', 'Start', `Start: ${stage.title}`, () => void run(() => startStage({ id: stage.id }), started)) : null}
          {actions.includes('COMPLETE') ? button('complete', 'Complete', `Complete: ${stage.title}`, () => openForm('complete'), 'primary') : null}
          {actions.includes('BLOCK') ? button('block', 'Block', `Block: ${stage.title}`, () => openForm('block'), 'warning') : null}
          {actions.includes('CANCEL') ? button('cancel', 'Cancel stage', `Cancel stage: ${stage.title}`, () => openForm('cancel'), 'subtle') : null}
          {writable ? button('edit', 'Edit', `Edit: ${stage.title}`, () => openForm('edit'), 'subtle') : null}
          {writable && index > 0
            ? button('up', '↑ Up', `Move up: ${stage.title}`, () => void run(() => moveStage({ input: { id: stage.id, position: index - 1 } })), 'subtle')
            : null}
          {writable && index < count - 1
            ? button('down', '↓ Down', `Move down: ${stage.title}`, () => void run(() => moveStage({ input: { id: stage.id, position: index + 1 } })), 'subtle')
            : null}
        </div>
      ) : null}
      <div class="stage-form-slot">
        {form === 'edit' ? (
          <EditStageForm project={project} stage={stage} close={() => closeForm(true)} />
        ) : form === 'cancel' ? (
          <CancelForm stage={stage} busy={busy} onSubmit={() => void submitForm('')} onClose={() => closeForm(true)} />
        ) : form ? (
          <StageForm stage={stage} kind={form} busy={busy} onSubmit={(text) => void submitForm(text)} onClose={() => closeForm(true)} />
        ) : null}
      </div>
      <p class="error" role="alert">
        {error}
      </p>
    </li>
  );
}
