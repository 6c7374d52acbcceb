import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { Input } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { GettingInPage } from './page';

const REQUEST_PASSWORD_RESET = graphql(`mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`);

const LABELS = { email: 'Email' };

/** Asks for a reset link by mail. The answer is the same whether or not the email has an account. */
export function ForgottenPassword() {
  const [, request] = useMutation(REQUEST_PASSWORD_RESET);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [sentTo, setSentTo] = useState('');
  return (
    <GettingInPage title="Forgotten password" heading="Forgotten your password?">
      <p>We will mail you a link to choose a new one. It works once, for an hour.</p>
      <form
        ref={form}
        noValidate
        onSubmit={async (event) => {
          let email = '';
          const data = await submit(event, (values) => {
            email = (values.email ?? '').trim();
            return request({ input: { email } });
          });
          if (data) setSentTo(email);
        }}
      >
        <Input required name="email" label={LABELS.email} type="email" autocomplete="username" error={errors.fields.email} />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Send the link
        </button>
      </form>
      <p class="notice sent-notice" role="status" hidden={!sentTo}>
        {sentTo ? `If ${sentTo} has an account, a link to reset its password is on its way. Check your mail.` : ''}
      </p>
      <p>
        <a href="#/sign-in">Back to sign in</a>
      </p>
    </GettingInPage>
  );
}
