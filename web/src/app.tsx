import { Provider } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api';
import { Dashboard } from './dashboard/dashboard';
import { ForgottenPassword } from './getting-in/forgotten-password';
import { AcceptInvitation } from './getting-in/invitation';
import { ChooseOrganisation, CreateOrganisation } from './getting-in/organisations';
import { ResetPassword } from './getting-in/reset-password';
import { SignIn } from './getting-in/sign-in';
import { SignUp } from './getting-in/sign-up';
import { replaceRoute, useRoute, type Route } from './router';
import { clearSession, saveSession, type Session } from './session';

/** Routes of the pages for getting in: once they are done, the page goes back to the overview. */
const GETTING_IN: Route['name'][] = ['sign-in', 'sign-up', 'invitation', 'forgotten-password', 'password-reset', 'organisations', 'new-organisation'];

/**
 * The whole page: who is signed in (kept in the tab's session storage), and which page shows.
 * Getting in (sign in or up, an invitation, a password reset, choosing or creating an
 * organisation) talks to the API for the account, without an organisation; the dashboard for one
 * organisation, or for a screen's API key.
 */
export function App({ initial }: { initial: Session | null }) {
  const [session, setSession] = useState(initial);
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  const userToken = session?.kind === 'user' ? session.token : undefined;
  const accountClient = useMemo(() => createApiClient({ token: userToken }), [userToken]);

  const keep = (next: Session) => {
    saveSession(next);
    setNotice(undefined);
    setSession(next);
    if (GETTING_IN.includes(route.name)) replaceRoute('');
  };
  const signedIn = (token: string) => keep({ kind: 'user', token });
  const signOut = (why?: string) => {
    clearSession();
    setSession(null);
    setNotice(why);
    replaceRoute('');
  };

  let page;
  if (route.name === 'invitation') {
    page = <AcceptInvitation key={route.token} token={route.token} signedInToken={userToken} signedIn={signedIn} />;
  } else if (route.name === 'password-reset') {
    page = <ResetPassword key={route.token} token={route.token} signedIn={signedIn} />;
  } else if (!session) {
    page = route.name === 'sign-up' ? <SignUp signedIn={signedIn} /> : route.name === 'forgotten-password' ? <ForgottenPassword /> : <SignIn notice={notice} signedIn={signedIn} />;
  } else if (session.kind === 'user' && route.name === 'new-organisation') {
    page = <CreateOrganisation created={(slug) => keep({ kind: 'user', token: session.token, organisation: slug })} />;
  } else if (session.kind === 'user' && (!session.organisation || route.name === 'organisations')) {
    page = <ChooseOrganisation automatic={!session.organisation} choose={(slug) => keep({ kind: 'user', token: session.token, organisation: slug })} signOut={() => signOut()} />;
  } else {
    return <Dashboard key={`${session.token} ${session.kind === 'user' ? session.organisation : ''}`} session={session} route={route} signOut={signOut} />;
  }
  return <Provider value={accountClient}>{page}</Provider>;
}
