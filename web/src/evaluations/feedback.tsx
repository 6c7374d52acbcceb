import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import { formatDay } from '../format';
import { graphql } from '../gql';
import { ActionAlert, useAction } from '../forms/actions';
import { CopyField, Select, TextArea } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm } from '../forms/open-form';
import type { Evaluation } from './evaluation';
import { Opener } from './opener';

const PARTNERS = graphql(`query FeedbackPartners { partners(first: 100) { nodes { id name kind } } }`);
const OPEN_LINK = graphql(`mutation OpenFeedbackLink($input: OpenFeedbackLinkInput!) { openFeedbackLink(input: $input) { url link { id } } }`);
const CLOSE_LINK = graphql(`mutation CloseFeedbackLink($id: ID!) { closeFeedbackLink(id: $id) { id open } }`);
const RECORD_ANSWER = graphql(`mutation RecordYouSaidWeDid($input: RecordYouSaidWeDidInput!) { recordYouSaidWeDid(input: $input) { id } }`);

const LINK_LABELS = { partnerId: 'For the partner' };
const ANSWER_LABELS = { youSaid: 'You said', weDid: 'We did' };

function OpenLinkForm({ evaluationId, close, opened }: { evaluationId: string; close(): void; opened(url: string): void }) {
  const { refresher } = useDashboard();
  const [{ data }] = useQuery({ query: PARTNERS, requestPolicy: 'cache-and-network' });
  const [, open] = useMutation(OPEN_LINK);
  const { form, errors, busy, submit } = useForm(LINK_LABELS);
  // The answers are that partner's involvement: only partners of service users or carers (the server's rule).
  const partners = data?.partners.nodes.filter((p) => p.kind === 'SERVICE_USERS' || p.kind === 'CARERS');
  return (
    <OpenForm
      form={form}
      close={close}
      label="Open a feedback form"
      onSubmit={async (event) => {
        const result = await submit(event, (v) => open({ input: { evaluationId, partnerId: v.partnerId ?? '' } }));
        if (!result) return;
        opened(result.openFeedbackLink.url);
        refresher.refreshAll();
        close();
      }}
    >
      {partners ? (
        <Select
          prefix="feedback"
          name="partnerId"
          label={LINK_LABELS.partnerId}
          hint="Answers are recorded as this partner's involvement."
          options={partners.map((p) => ({ value: p.id, label: p.name }))}
          error={errors.fields.partnerId}
        />
      ) : (
        <p class="loading">Loading…</p>
      )}
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !partners?.length} submit="Open the form" close={close} />
    </OpenForm>
  );
}

function AnswerForm({ evaluationId, close }: { evaluationId: string; close(): void }) {
  const { refresher } = useDashboard();
  const [, record] = useMutation(RECORD_ANSWER);
  const { form, errors, busy, submit } = useForm(ANSWER_LABELS);
  return (
    <OpenForm
      form={form}
      close={close}
      label="Add “you said, we did”"
      onSubmit={async (event) => {
        const result = await submit(event, (v) => record({ input: { evaluationId, youSaid: (v.youSaid ?? '').trim(), weDid: (v.weDid ?? '').trim() } }));
        if (!result) return;
        refresher.refreshAll();
        close();
      }}
    >
      <TextArea prefix="answer" name="youSaid" label={ANSWER_LABELS.youSaid} required maxLength={2000} error={errors.fields.youSaid} />
      <TextArea prefix="answer" name="weDid" label={ANSWER_LABELS.weDid} required maxLength={2000} error={errors.fields.weDid} />
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy} submit="Add" close={close} />
    </OpenForm>
  );
}

/**
 * Public feedback forms for service users (no account needed: each answer becomes involvement),
 * and "you said, we did", which those forms show back. A new form's link is shown once.
 */
export function FeedbackForms({ evaluation, writable }: { evaluation: Evaluation; writable: boolean }) {
  const { refresher } = useDashboard();
  const [, closeLink] = useMutation(CLOSE_LINK);
  const { busy, error, run } = useAction();
  const [url, setUrl] = useState('');
  const open = evaluation.feedbackLinks.filter((link) => link.open);
  return (
    <section class="panel feedback" aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">Feedback forms and “you said, we did”</h2>
      {url ? (
        <div class="card once" role="status">
          <p>Share this link with service users: on a poster, by text message, at a drop-in. It is shown only this once.</p>
          <CopyField id="feedback-url" label="Feedback form link" value={url} button="Copy link" />
        </div>
      ) : null}
      {open.length ? (
        <ul class="plain-list">
          {open.map((link) => (
            <li key={link.id} class="feedback-link">
              <span>{`Open for ${link.partner.name} since ${formatDay(link.createdAt.slice(0, 10))}`}</span>
              {writable ? (
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  onClick={() =>
                    void run(
                      () => closeLink({ id: link.id }),
                      () => refresher.refreshAll(),
                    )
                  }
                >
                  {`Close the form for ${link.partner.name}`}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No feedback form is open.</p>
      )}
      <ActionAlert message={error} />
      {writable ? <Opener id="feedback-button" text="Open a feedback form" form={(close) => <OpenLinkForm evaluationId={evaluation.id} close={close} opened={setUrl} />} /> : null}
      <h3>You said, we did</h3>
      {evaluation.youSaidWeDid.length ? (
        <ul class="plain-list">
          {evaluation.youSaidWeDid.map((entry) => (
            <li key={entry.id}>
              <p>{`You said: ${entry.youSaid}`}</p>
              <p>{`We did: ${entry.weDid}`}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Nothing yet: what you did about what people said shows on every feedback form.</p>
      )}
      {writable ? <Opener id="answer-button" text="Add “you said, we did”" form={(close) => <AnswerForm evaluationId={evaluation.id} close={close} />} /> : null}
    </section>
  );
}
