import { useMutation } from '@urql/preact';
import { graphql } from '../gql';
import { PASSWORD_HINT } from './sign-up';
import { Input } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { GettingInPage } from './page';

const RESET_PASSWORD = graphql(`mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { id name } } }`);

const LABELS = { password: 'New password' };

/** The page a reset mail links to: a new password, which also ends every earlier session, and signs in. */
export function ResetPassword({ token, signedIn }: { token: string; signedIn(token: string): void }) {
  const [, reset] = useMutation(RESET_PASSWORD);
  const { form, errors, busy, submit } = useForm(LABELS);
  return (
    <GettingInPage title="Choose a new password">
      <p>Choosing a new password signs you out everywhere else.</p>
      <form
        ref={form}
        noValidate
        onSubmit={async (event) => {
          const data = await submit(event, ({ password = '' }) => reset({ input: { token, password } }));
          if (data) signedIn(data.resetPassword.token);
        }}
      >
        <Input required name="password" label={LABELS.password} type="password" autocomplete="new-password" hint={PASSWORD_HINT} error={errors.fields.password} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Set password and sign in
        </button>
      </form>
      <p>
        Link not working? <a href="#/password-reset">Ask for a new one</a>
      </p>
    </GettingInPage>
  );
}
