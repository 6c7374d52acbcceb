import type { App } from '../app';
import { ApiError } from '../api';
import { h } from '../dom';
import { formatDay, label } from '../format';
import { BLOCK_STAGE, COMPLETE_STAGE, MOVE_STAGE, START_STAGE, type Stage } from '../queries';

/** One stage of an action plan: what it is, who owns it, when it is due, and (for members) what can be done with it. */
export function stageItem(app: App, stage: Stage, index: number, count: number): HTMLLIElement {
  const error = h('p', { class: 'error', role: 'alert' });
  const formSlot = h('div', { class: 'stage-form-slot' });
  const controls: HTMLButtonElement[] = [];

  const busy = (on: boolean) => controls.forEach((button) => (button.disabled = on));

  async function run(mutation: string, variables: Record<string, unknown>): Promise<boolean> {
    busy(true);
    error.textContent = '';
    try {
      await app.gql(mutation, variables);
      return true;
    } catch (caught) {
      error.textContent = caught instanceof ApiError ? caught.message : 'Something went wrong. Try again.';
      busy(false);
      return false;
    }
  }

  /** The inline form for a reason or a celebration message; live refreshes wait while it is open. */
  function openForm(kind: 'block' | 'complete'): void {
    const inputId = `${kind}-input-${stage.id}`;
    const input = h('input', { id: inputId, name: kind === 'block' ? 'reason' : 'celebration', type: 'text', maxlength: 500, required: kind === 'block', autocomplete: 'off' });
    const close = (refocus: boolean) => {
      formSlot.replaceChildren();
      app.setEditing(false);
      if (refocus) document.getElementById(`${kind}-${stage.id}`)?.focus();
    };
    const form = h(
      'form',
      {
        class: `stage-form ${kind}-form`,
        onSubmit: async (event: SubmitEvent) => {
          event.preventDefault();
          const text = input.value.trim();
          const ok =
            kind === 'block'
              ? await run(BLOCK_STAGE, { input: { id: stage.id, reason: text } })
              : await run(COMPLETE_STAGE, { input: { id: stage.id, celebration: text || null } });
          if (!ok) return;
          close(false);
          app.refresh();
        },
        onKeydown: (event: KeyboardEvent) => {
          if (event.key === 'Escape') close(true);
        },
      },
      h('label', { for: inputId }, kind === 'block' ? `Why is “${stage.title}” blocked?` : `Celebration message for “${stage.title}” (optional)`),
      h('div', { class: 'form-row' },
        input,
        h('button', { type: 'submit', class: `button ${kind === 'complete' ? 'primary' : 'warning'}` }, kind === 'block' ? 'Block stage' : 'Complete stage'),
        h('button', { type: 'button', class: 'button subtle', onClick: () => close(true) }, 'Cancel'),
      ),
    );
    app.setEditing(true);
    formSlot.replaceChildren(form);
    input.focus();
  }

  function button(id: string, text: string, accessibleName: string, onClick: () => void, className = ''): HTMLButtonElement {
    const element = h('button', { type: 'button', id: `${id}-${stage.id}`, class: `button ${className}`, 'aria-label': accessibleName, onClick }, text);
    controls.push(element);
    return element;
  }

  const actions = app.canWrite
    ? h(
        'div',
        { class: 'stage-actions' },
        stage.status === 'NOT_STARTED' || stage.status === 'BLOCKED'
          ? button('start', 'Start', `Start: ${stage.title}`, () => void run(START_STAGE, { id: stage.id }).then((ok) => ok && app.refresh()))
          : null,
        stage.status === 'IN_PROGRESS' ? button('complete', 'Complete', `Complete: ${stage.title}`, () => openForm('complete'), 'primary') : null,
        stage.status === 'NOT_STARTED' || stage.status === 'IN_PROGRESS' ? button('block', 'Block', `Block: ${stage.title}`, () => openForm('block'), 'warning') : null,
        index > 0 ? button('up', '↑ Up', `Move up: ${stage.title}`, () => void run(MOVE_STAGE, { input: { id: stage.id, position: index - 1 } }).then((ok) => ok && app.refresh()), 'subtle') : null,
        index < count - 1
          ? button('down', '↓ Down', `Move down: ${stage.title}`, () => void run(MOVE_STAGE, { input: { id: stage.id, position: index + 1 } }).then((ok) => ok && app.refresh()), 'subtle')
          : null,
      )
    : null;

  const latestCelebration = stage.celebrations.at(-1);
  return h(
    'li',
    { class: `stage status-${stage.status.toLowerCase()}`, 'data-stage-id': stage.id, 'data-status': stage.status },
    h('div', { class: 'stage-head' },
      h('span', { class: 'stage-number', 'aria-hidden': 'true' }, String(index + 1)),
      h('h3', { class: 'stage-title' }, stage.title),
      h('span', { class: `badge status status-${stage.status.toLowerCase()}` }, label(stage.status)),
      stage.isLate ? h('span', { class: 'badge late' }, 'Late') : null,
    ),
    h('dl', { class: 'stage-facts' },
      h('div', null, h('dt', null, 'Owner'), h('dd', { class: 'stage-owner' }, stage.owner?.name ?? 'No owner')),
      h('div', null, h('dt', null, 'Due'), h('dd', null, stage.dueDate ? h('time', { datetime: stage.dueDate }, formatDay(stage.dueDate)) : 'No date')),
      stage.dependsOn.length
        ? h('div', null, h('dt', null, 'After'), h('dd', { class: 'stage-dependencies' }, stage.dependsOn.map((d, i) => [i ? ', ' : '', d.title, d.status === 'DONE' ? ' ✓' : ` (${label(d.status).toLowerCase()})`])))
        : null,
    ),
    stage.description ? h('p', { class: 'muted' }, stage.description) : null,
    stage.status === 'BLOCKED' && stage.blockedReason ? h('p', { class: 'blocked-reason' }, h('strong', null, 'Blocked: '), stage.blockedReason) : null,
    latestCelebration?.message ? h('p', { class: 'stage-celebration' }, h('span', { class: 'star', 'aria-hidden': 'true' }, '★ '), latestCelebration.message) : null,
    actions,
    formSlot,
    error,
  );
}
