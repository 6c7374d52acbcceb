import { useQuery } from '@urql/preact';
import { graphql } from '../gql';
import type { FormOptionsQuery } from '../gql/graphql';

/**
 * What the forms offer to choose from: the organisation's partners (with their representatives),
 * principles and members, and whom the viewer speaks for. Asked only when a form needs it, so
 * an observer's screen never pays for it.
 */
const FORM_OPTIONS = graphql(`
  query FormOptions {
    viewer {
      apiKey { id role }
      organisations { id role organisation { id slug } representing { id name partner { id } } }
    }
    organisation { id slug members { id role user { id name } } }
    partners(first: 100) { nodes { id name representatives { id name } } }
    principles { id title }
  }
`);

export interface FormOptions {
  data: FormOptionsQuery;
  /** ADMIN and OWNER may record for a partner on its behalf, naming a representative and giving evidence. */
  mayActOnBehalf: boolean;
  /** The representatives the viewer is linked to, whose partners they speak for. */
  representing: { id: string; name: string; partner: { id: string } }[];
}

export function useFormOptions(): FormOptions | undefined {
  // The cached choices at once, then the server's: a partner or member added elsewhere shows up.
  const [{ data }] = useQuery({ query: FORM_OPTIONS, requestPolicy: 'cache-and-network' });
  if (!data) return undefined;
  const membership = data.viewer.organisations.find((m) => m.organisation?.slug === data.organisation.slug);
  // An API key never speaks for a partner, whatever its role.
  const role = data.viewer.apiKey ? undefined : membership?.role;
  return { data, mayActOnBehalf: role === 'ADMIN' || role === 'OWNER', representing: membership?.representing ?? [] };
}
