import { useState } from 'preact/hooks';
import type { FormOptions } from './options';
import { Input, Select } from '../forms/controls';

/** Who speaks for a partner in a record made in its name, as the form's fields give it. */
export interface Spoken {
  partnerId: string;
  /** Left out when the viewer speaks as their own representative. */
  representativeId?: string;
  evidence?: string;
  /** The representative's name (what recordAgreement still wants as `signedBy`). */
  name: string;
}

/**
 * The partner a record is in the name of, and who speaks for it: the viewer's own linked
 * representative, or (ADMIN and OWNER only) another of its representatives, on the partner's
 * behalf, with evidence. Offers only the partners the viewer may speak for among `partners`.
 */
export function SpeakerFields({
  prefix,
  partners,
  options,
  errors,
}: {
  prefix: string;
  partners: { id: string; name: string }[];
  options: FormOptions;
  errors: Partial<Record<string, string>>;
}) {
  const own = (partnerId: string) => options.representing.filter((r) => r.partner.id === partnerId);
  const allowed = partners.filter((p) => options.mayActOnBehalf || own(p.id).length > 0);
  const [partnerId, setPartnerId] = useState(allowed[0]?.id ?? '');
  const mine = own(partnerId);
  const others = options.mayActOnBehalf ? (options.data.partners.nodes.find((p) => p.id === partnerId)?.representatives ?? []).filter((r) => !mine.some((m) => m.id === r.id)) : [];
  const [representativeId, setRepresentativeId] = useState('');
  const chosen = representativeId || mine[0]?.id || others[0]?.id || '';
  const onBehalf = others.some((r) => r.id === chosen);
  if (allowed.length === 0)
    return <p class="muted">You do not speak for any of these partners. A partner's own representative, or an administrator on its behalf, records in its name.</p>;
  return (
    <>
      <Select
        prefix={prefix}
        name="partnerId"
        label="In the name of"
        required
        value={partnerId}
        options={allowed.map((p) => ({ value: p.id, label: p.name }))}
        onChange={(id) => {
          setPartnerId(id);
          setRepresentativeId('');
        }}
        error={errors.partnerId}
      />
      <Select
        prefix={prefix}
        name="representativeId"
        label="Speaking for it"
        required
        value={chosen}
        options={[...mine.map((r) => ({ value: r.id, label: `${r.name} (you)` })), ...others.map((r) => ({ value: r.id, label: `${r.name}, on the partner's behalf` }))]}
        onChange={setRepresentativeId}
        error={errors.representativeId}
      />
      {onBehalf ? (
        <Input
          prefix={prefix}
          name="evidence"
          label="Evidence that they spoke for it"
          hint="Recorded on the partner's behalf: say what shows it, e.g. “signed paper copy, partnership forum 3 Dec”."
          required
          error={errors.evidence}
        />
      ) : null}
    </>
  );
}

/** What the speaker fields of a submitted form say, for the API. */
export function spokenOf(values: Record<string, string>, options: FormOptions): Spoken {
  const partnerId = values.partnerId ?? '';
  const representativeId = values.representativeId ?? '';
  const own = options.representing.find((r) => r.id === representativeId);
  if (own) return { partnerId, name: own.name };
  const other = options.data.partners.nodes.flatMap((p) => p.representatives).find((r) => r.id === representativeId);
  return { partnerId, representativeId: representativeId || undefined, evidence: values.evidence?.trim() ?? '', name: other?.name ?? '' } as Spoken;
}
