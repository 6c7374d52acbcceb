import { useMutation, useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { label } from '../format';
import { graphql } from '../gql';
import { Input } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { GettingInPage } from './page';

const MEMBERSHIPS = graphql(`
  query Memberships {
    viewer {
      user { id name }
      organisations { id role organisation { id slug name } }
    }
  }
`);

const CREATE_ORGANISATION = graphql(`mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug name } }`);

/**
 * Which organisation to open. Right after signing in, an account with one organisation goes
 * straight to it (`choose`), and one with none to creating one; from the dashboard's
 * "Organisations" link the list is always shown.
 */
export function ChooseOrganisation({ automatic, choose, signOut }: { automatic: boolean; choose(slug: string): void; signOut(): void }) {
  const [{ data, error }, reexecute] = useQuery({ query: MEMBERSHIPS, requestPolicy: 'network-only' });
  const memberships = (data?.viewer.organisations ?? []).flatMap((m) => (m.organisation ? [{ role: m.role, ...m.organisation }] : []));
  const only = automatic && data && memberships.length === 1 ? memberships[0] : undefined;
  const none = data && memberships.length === 0;
  useEffect(() => {
    if (only) choose(only.slug);
    else if (none) location.hash = '#/organisations/new';
  }, [only?.slug, none]);
  if (!data || only || none) {
    return (
      <main id="main" tabIndex={-1} class="narrow">
        {error ? (
          <div class="card">
            <h1>Your organisations could not be loaded</h1>
            <p role="alert">{errorMessage(error)}</p>
            <button type="button" class="button primary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
              Try again
            </button>
          </div>
        ) : (
          <p class="loading">Loading…</p>
        )}
      </main>
    );
  }
  return (
    <GettingInPage title="Choose an organisation">
      <p class="muted">{memberships.length > 1 ? 'You belong to more than one. Which one should this screen show?' : 'Open your organisation, or create another.'}</p>
      <ul class="choices">
        {memberships.map((m) => (
          <li key={m.id}>
            <button type="button" class="button choice" onClick={() => choose(m.slug)}>
              {m.name}
              <span class="muted">{` · ${label(m.role)}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <p>
        <a href="#/organisations/new">Create an organisation</a>
      </p>
      <button type="button" class="button subtle" onClick={signOut}>
        Sign out
      </button>
    </GettingInPage>
  );
}

const LABELS = { name: 'Name of the organisation', slug: 'Short name' };

/** "Northfield Care Trust" -> "northfield-care-trust": a suggestion the person may change. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** A new organisation, whose owner the person becomes; then its dashboard opens. */
export function CreateOrganisation({ created }: { created(slug: string): void }) {
  const [, create] = useMutation(CREATE_ORGANISATION);
  const { form, errors, busy, submit } = useForm(LABELS);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState<string | null>(null);
  return (
    <GettingInPage title="Create an organisation">
      <p>You will be its owner, and can invite the others from its dashboard.</p>
      <form
        ref={form}
        noValidate
        onSubmit={async (event) => {
          const data = await submit(event, (values) => create({ input: { name: (values.name ?? '').trim(), slug: (values.slug ?? '').trim() } }));
          if (data) created(data.createOrganisation.slug);
        }}
      >
        <Input required name="name" label={LABELS.name} autocomplete="organization" value={name} onInput={setName} error={errors.fields.name} />
        <Input
          required
          name="slug"
          label={LABELS.slug}
          autocomplete="off"
          hint="Lowercase letters, digits and hyphens, 2 to 63 characters. It names the organisation in links and to the API."
          value={slug ?? slugOf(name)}
          onInput={setSlug}
          error={errors.fields.slug}
        />
        <FormAlert message={errors.alert} />
        <button type="submit" class="button primary" disabled={busy}>
          Create organisation
        </button>
      </form>
      <p>
        <a href="#/organisations">Back to your organisations</a>
      </p>
    </GettingInPage>
  );
}
