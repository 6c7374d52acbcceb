import { ApiError, graphqlOverHttp } from '../api';
import { h } from '../dom';
import { label } from '../format';
import { LOG_IN, MEMBERSHIPS, type Membership } from '../queries';
import type { Session } from '../session';

/**
 * Email and password, then (for people in several organisations) which organisation to open.
 * Calls `done` with the session to keep; `notice` explains why the person is here again.
 */
export function signInView(done: (session: Session) => void, notice?: string): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert' });
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');
  let container: HTMLElement;

  function chooseOrganisation(token: string, memberships: Membership[]): void {
    container.replaceChildren(
      h('h1', { tabindex: -1 }, 'Choose an organisation'),
      h('p', { class: 'muted' }, 'You belong to more than one. Which one should this screen show?'),
      h(
        'ul',
        { class: 'choices' },
        memberships.map((m) =>
          h('li', null, h('button', { type: 'button', class: 'button choice', onClick: () => done({ kind: 'user', token, organisation: m.organisation!.slug }) }, m.organisation!.name, h('span', { class: 'muted' }, ` · ${label(m.role)}`))),
        ),
      ),
    );
    container.querySelector<HTMLElement>('h1')?.focus();
  }

  const form = h(
    'form',
    {
      onSubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        error.textContent = '';
        submit.disabled = true;
        try {
          const { logIn } = await graphqlOverHttp({})<{ logIn: { token: string } }>(LOG_IN, { input: { email: email.value.trim(), password: password.value } });
          const { viewer } = await graphqlOverHttp({ token: logIn.token })<{ viewer: { organisations: Membership[] } }>(MEMBERSHIPS);
          const memberships = viewer.organisations.filter((m) => m.organisation);
          if (memberships.length === 0) throw new ApiError('This account does not belong to any organisation yet.', 'FORBIDDEN');
          if (memberships.length === 1) done({ kind: 'user', token: logIn.token, organisation: memberships[0]!.organisation!.slug });
          else chooseOrganisation(logIn.token, memberships);
        } catch (caught) {
          error.textContent = caught instanceof ApiError ? caught.message : 'Signing in failed. Try again.';
          submit.disabled = false;
          password.select();
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'email' }, 'Email'), email),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    error,
    submit,
  );
  container = h(
    'div',
    { class: 'sign-in card' },
    h('h1', { tabindex: -1 }, 'Sign in to Partnership Hub'),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    form,
    h('p', { class: 'muted small' }, 'A meeting-room screen can open a read-only link instead: /?key=<API key>.'),
  );
  return container;
}
