import { useMutation, useQuery } from '@urql/preact';
import { useDashboard } from '../dashboard/context';
import { formatDay } from '../format';
import { graphql } from '../gql';
import type { Evaluation } from './evaluation';
import { Opener } from './opener';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm } from '../forms/open-form';
import { Input, Select, TextArea } from '../forms/controls';

const PARTNERS = graphql(`query InvolvementPartners { partners(first: 100) { nodes { id name kind } } }`);
const RECORD_INVOLVEMENT = graphql(`mutation RecordInvolvement($input: RecordInvolvementInput!) { recordInvolvement(input: $input) { id } }`);

const LABELS = { partnerId: 'Partner', date: 'Date', summary: 'What they said or did' };

function RecordInvolvementForm({ evaluationId, close }: { evaluationId: string; close(): void }) {
  const { refresher } = useDashboard();
  const [{ data }] = useQuery({ query: PARTNERS, requestPolicy: 'cache-and-network' });
  const [, record] = useMutation(RECORD_INVOLVEMENT);
  const { form, errors, busy, submit } = useForm(LABELS);
  // Only partners who speak for service users or carers may be involved (the server's rule).
  const partners = data?.partners.nodes.filter((p) => p.kind === 'SERVICE_USERS' || p.kind === 'CARERS');
  const e = errors.fields;
  return (
    <OpenForm
      form={form}
      close={close}
      label="Record involvement"
      onSubmit={async (event) => {
        const data = await submit(event, (v) => record({ input: { evaluationId, partnerId: v.partnerId ?? '', date: v.date ?? '', summary: (v.summary ?? '').trim() } }));
        if (!data) return;
        refresher.refreshAll();
        close();
      }}
    >
      {!partners ? (
        <p class="loading">Loading…</p>
      ) : partners.length ? (
        <Select
          prefix="involvement"
          name="partnerId"
          label={LABELS.partnerId}
          hint="Partners of service users or carers."
          options={partners.map((p) => ({ value: p.id, label: p.name }))}
          error={e.partnerId}
        />
      ) : (
        <p class="missing">
          There is no partner of service users or carers yet: <a href="#/partners">add one on the partners page</a> first.
        </p>
      )}
      <Input prefix="involvement" name="date" type="date" label={LABELS.date} required value={new Date().toISOString().slice(0, 10)} error={e.date} />
      <TextArea prefix="involvement" name="summary" label={LABELS.summary} required error={e.summary} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !partners?.length} submit="Record involvement" close={close} />
    </OpenForm>
  );
}

/** Who among the service users and carers took part and what they said; members record more while it is open. */
export function Involvements({ evaluation, writable }: { evaluation: Evaluation; writable: boolean }) {
  return (
    <section class="panel involvement" aria-labelledby="involvement-heading">
      <h2 id="involvement-heading">Service-user involvement</h2>
      {evaluation.involvements.length ? (
        <ul class="plain-list">
          {evaluation.involvements.map((i) => (
            <li key={i.id} class="involvement-item">
              <p>{i.summary}</p>
              <p class="muted small">{`${i.partner.name} · ${formatDay(i.date)}${i.viaFeedbackLink ? ' · by the feedback form' : ''}`}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="missing">No involvement of service users or carers recorded yet: the evaluation cannot be published without it.</p>
      )}
      {writable ? <Opener id="involvement-button" text="Record involvement" form={(close) => <RecordInvolvementForm evaluationId={evaluation.id} close={close} />} /> : null}
    </section>
  );
}
