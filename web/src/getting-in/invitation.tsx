import { useMutation, useQuery } from '@urql/preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { PASSWORD_HINT } from './sign-up';
import { Input } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { GettingInPage } from './page';

const ACCEPT_INVITATION = graphql(`mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token user { id name } } }`);
const SIGNED_IN_AS = graphql(`query SignedInAs { viewer { user { id name email } } }`);

const LABELS = { name: 'Your name', password: 'Password' };

type Mode = 'new' | 'existing' | 'signed-in';

/**
 * The page an invitation mail links to. With no account for the invited email, a name and a
 * password create it; with one, its password (or being signed in as it) is enough. Either way
 * the account joins the organisation with the invitation's role, and is signed in.
 */
export function AcceptInvitation({ token, signedInToken, signedIn }: { token: string; signedInToken: string | undefined; signedIn(token: string): void }) {
  const [, accept] = useMutation(ACCEPT_INVITATION);
  const [viewer] = useQuery({ query: SIGNED_IN_AS, pause: !signedInToken });
  const me = signedInToken ? viewer.data?.viewer.user : undefined;
  const [chosen, setMode] = useState<Mode | null>(null);
  const mode: Mode = chosen ?? (me ? 'signed-in' : 'new');
  const { form, errors, busy, submit } = useForm(LABELS);
  // The server says the invited email has no account yet (a name is required): ask for one.
  const nameMissing = Boolean(errors.fields.name);
  useEffect(() => {
    if (nameMissing && mode !== 'new') setMode('new');
  }, [errors]);
  useLayoutEffect(() => {
    if (nameMissing && mode === 'new') document.getElementById('name')?.focus();
  }, [mode]);
  const option = (value: Mode, text: string) => (
    <label class="option">
      <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} /> {text}
    </label>
  );
  return (
    <GettingInPage title="Accept your invitation" heading="Join your organisation on Partnership Hub">
      <form
        ref={form}
        noValidate
        onSubmit={async (event) => {
          const data = await submit(event, ({ name, password }) =>
            accept({ input: { token, name: mode === 'new' ? (name ?? '').trim() : null, password: mode === 'signed-in' ? null : (password ?? '') } }),
          );
          if (data) signedIn(data.acceptInvitation.token);
        }}
      >
        <fieldset class="options">
          <legend>Do you have a Partnership Hub account for the email this invitation was sent to?</legend>
          {me ? option('signed-in', `Yes: I am signed in as ${me.name} (${me.email})`) : null}
          {option('new', 'No, create one')}
          {option('existing', 'Yes, I will give its password')}
        </fieldset>
        {mode === 'new' ? <Input required name="name" label={LABELS.name} autocomplete="name" error={errors.fields.name} /> : null}
        {mode === 'signed-in' ? null : (
          <Input
            required
            name="password"
            label={LABELS.password}
            type="password"
            autocomplete={mode === 'new' ? 'new-password' : 'current-password'}
            hint={mode === 'new' ? PASSWORD_HINT : undefined}
            error={errors.fields.password}
          />
        )}
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Accept and sign in
        </button>
      </form>
    </GettingInPage>
  );
}
