import { useMutation } from '@urql/preact';
import { graphql } from '../gql';
import { Input } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { GettingInPage } from './page';

const SIGN_UP = graphql(`mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id name } } }`);

const LABELS = { name: 'Your name', email: 'Email', password: 'Password' };
export const PASSWORD_HINT = 'At least 10 characters. A few unrelated words are easy to remember and hard to guess.';

/** A new account; the next step is to create (or be invited to) an organisation. */
export function SignUp({ signedIn }: { signedIn(token: string): void }) {
  const [, signUp] = useMutation(SIGN_UP);
  const { form, errors, busy, submit } = useForm(LABELS);
  return (
    <GettingInPage title="Create an account">
      <form
        ref={form}
        noValidate
        onSubmit={async (event) => {
          const data = await submit(event, ({ name = '', email = '', password = '' }) => signUp({ input: { name: name.trim(), email: email.trim(), password } }));
          if (data) signedIn(data.signUp.token);
        }}
      >
        <Input required name="name" label={LABELS.name} autocomplete="name" error={errors.fields.name} />
        <Input required name="email" label={LABELS.email} type="email" autocomplete="email" error={errors.fields.email} />
        <Input required name="password" label={LABELS.password} type="password" autocomplete="new-password" hint={PASSWORD_HINT} error={errors.fields.password} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Already have an account? <a href="#/sign-in">Sign in</a>
      </p>
    </GettingInPage>
  );
}
