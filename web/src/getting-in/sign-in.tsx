import { useMutation } from '@urql/preact';
import { graphql } from '../gql';
import { Input } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { GettingInPage } from './page';

const LOG_IN = graphql(`mutation LogIn($input: LogInInput!) { logIn(input: $input) { token user { id name } } }`);

const LABELS = { email: 'Email', password: 'Password' };

/** Email and password. `notice` explains why the person is here again. */
export function SignIn({ notice, signedIn }: { notice?: string | undefined; signedIn(token: string): void }) {
  const [, logIn] = useMutation(LOG_IN);
  const { form, errors, busy, submit } = useForm(LABELS);
  return (
    <GettingInPage title="Sign in" heading="Sign in to Partnership Hub" autofocus="email">
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form
        ref={form}
        noValidate
        onSubmit={async (event) => {
          const data = await submit(event, ({ email = '', password = '' }) => logIn({ input: { email: email.trim(), password } }));
          if (data) signedIn(data.logIn.token);
        }}
      >
        <Input required name="email" label={LABELS.email} type="email" autocomplete="username" error={errors.fields.email} />
        <Input required name="password" label={LABELS.password} type="password" autocomplete="current-password" error={errors.fields.password} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <ul class="plain-list getting-in-links">
        <li>
          <a href="#/password-reset">Forgotten your password?</a>
        </li>
        <li>
          <a href="#/sign-up">Create an account</a>
        </li>
      </ul>
      <p class="muted small">A meeting-room screen can open a read-only link instead: /?key=&lt;API key&gt;.</p>
    </GettingInPage>
  );
}
