import { useMutation } from '@urql/preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { KIND_CHOICES, type Kind } from './kinds';
import { Input, Select, TextArea } from '../forms/controls';
import { type ConflictField, FormAlert, useForm } from '../forms/form';

const CREATE_PARTNER = graphql(`mutation CreatePartner($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind description version } }`);
const UPDATE_PARTNER = graphql(`mutation UpdatePartner($input: UpdatePartnerInput!) { updatePartner(input: $input) { id name kind description version } }`);
const ADD_REPRESENTATIVE = graphql(`mutation AddRepresentative($input: AddRepresentativeInput!) { addRepresentative(input: $input) { id name } }`);

const PARTNER_LABELS = { name: 'Name', kind: 'Kind', description: 'Description' };
const REPRESENTATIVE_LABELS = { name: 'Name', roleTitle: 'Role title', email: 'Email' };

const text = (value: string | undefined) => (value ?? '').trim();

// A taken name is told apart from a stale version (which stays in the form's alert) by its words:
// the server's CONFLICT names no field.
const nameTaken: ConflictField = (error) => (/^A partner named /.test(error.message) ? 'name' : undefined);

/** An inline form opens with focus in its first field, and Escape closes it. */
function useOpened(firstId: string) {
  useLayoutEffect(() => document.getElementById(firstId)?.focus(), []);
  return (event: KeyboardEvent, close: () => void) => {
    if (event.key === 'Escape') close();
  };
}

export interface PartnerValues {
  id: string;
  name: string;
  kind: Kind;
  description?: string | null | undefined;
  version: number;
}

/**
 * A new partner (no `partner`) or a change to one, sent with the version it was read at. A taken
 * name is the server's CONFLICT, shown next to the name. The page draws a new one (a new key)
 * after each partner added, so it starts empty.
 */
export function PartnerForm({ partner, done, close, focusFirst }: { partner?: PartnerValues; done(): void; close?(): void; focusFirst?: boolean }) {
  const [, create] = useMutation(CREATE_PARTNER);
  const [, update] = useMutation(UPDATE_PARTNER);
  const { form, errors, busy, submit } = useForm(PARTNER_LABELS, nameTaken);
  const prefix = partner ? 'partner' : 'new-partner';
  // Kept in state: a redraw (an error shown) must not put back the name it started with.
  const [name, setName] = useState(partner?.name ?? '');
  const onKeyDown = useOpened(partner || focusFirst ? `${prefix}-name` : '');
  return (
    <form
      ref={form}
      noValidate
      class="manage-form"
      aria-label={partner ? `Change ${partner.name}` : 'Add a partner'}
      onKeyDown={(event) => close && onKeyDown(event, close)}
      onSubmit={async (event) => {
        const answer = await submit<unknown>(event, (values) => {
          const fields = { name: text(values.name), kind: values.kind as Kind, description: text(values.description) || null };
          return partner ? update({ input: { id: partner.id, expectedVersion: partner.version, ...fields } }) : create({ input: fields });
        });
        if (answer) done();
      }}
    >
      {partner ? null : <h3>Add a partner</h3>}
      <Input required prefix={prefix} name="name" label={PARTNER_LABELS.name} autocomplete="off" value={name} onInput={setName} error={errors.fields.name} />
      <Select prefix={prefix} name="kind" label={PARTNER_LABELS.kind} options={KIND_CHOICES} value={partner?.kind} error={errors.fields.kind} />
      <TextArea prefix={prefix} name="description" label={PARTNER_LABELS.description} value={partner?.description ?? ''} error={errors.fields.description} />
      <FormAlert message={errors.alert} />
      <div class="form-row">
        <button type="submit" class="button primary" disabled={busy}>
          {partner ? 'Save partner' : 'Add partner'}
        </button>
        {close ? (
          <button type="button" class="button subtle" onClick={close}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** A new representative of a partner: who speaks for it. */
export function RepresentativeForm({ partner, done, close }: { partner: { id: string; name: string }; done(): void; close(): void }) {
  const [, add] = useMutation(ADD_REPRESENTATIVE);
  const { form, errors, busy, submit } = useForm(REPRESENTATIVE_LABELS);
  const onKeyDown = useOpened('representative-name');
  return (
    <form
      ref={form}
      noValidate
      class="manage-form"
      aria-label={`Add a representative of ${partner.name}`}
      onKeyDown={(event) => onKeyDown(event, close)}
      onSubmit={async (event) => {
        const answer = await submit(event, (values) =>
          add({ input: { partnerId: partner.id, name: text(values.name), roleTitle: text(values.roleTitle) || null, email: text(values.email) || null } }),
        );
        if (answer) done();
      }}
    >
      <Input required id="representative-name" name="name" label={REPRESENTATIVE_LABELS.name} autocomplete="off" error={errors.fields.name} />
      <Input id="representative-role-title" name="roleTitle" label={REPRESENTATIVE_LABELS.roleTitle} autocomplete="off" required={false} error={errors.fields.roleTitle} />
      <Input id="representative-email" name="email" label={REPRESENTATIVE_LABELS.email} type="email" autocomplete="off" required={false} error={errors.fields.email} />
      <FormAlert message={errors.alert} />
      <div class="form-row">
        <button type="submit" class="button primary" disabled={busy}>
          Add representative
        </button>
        <button type="button" class="button subtle" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
