import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { Project } from '../dashboard/project';
import { plural } from '../format';
import { useDashboard } from '../dashboard/context';
import { useFormOptions } from './options';
import { SpeakerFields, spokenOf } from './speaker';
import { allOf, Checks, Input, orNull } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const RECORD_AGREEMENT = graphql(`
  mutation RecordAgreement($input: RecordAgreementInput!) { recordAgreement(input: $input) { id current onBehalf evidence signedBy principleVersion } }
`);
const SET_PRINCIPLES = graphql(`
  mutation SetProjectPrinciples($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id principles { id title position version } } }
`);

const AGREEMENT_LABELS = { partnerId: 'In the name of', representativeId: 'Speaking for it', evidence: 'Evidence', note: 'Note', principleIds: 'Principles' };

type Agreement = Project['agreements'][number];

/** "UNISON (on its behalf: signed paper copy)": an agreement recorded for a partner says so wherever it shows. */
function agreedBy(agreement: Agreement): string {
  const who = agreement.signedBy ? `${agreement.partner.name} (${agreement.signedBy})` : agreement.partner.name;
  return agreement.onBehalf ? `${who}, recorded on its behalf${agreement.evidence ? `: ${agreement.evidence}` : ''}` : who;
}

/** A partner's agreement to the project's principles, from its own representative or (ADMIN, OWNER) on its behalf. */
function RecordAgreement({ project, close }: { project: Project; close(): void }) {
  const options = useFormOptions();
  const [, record] = useMutation(RECORD_AGREEMENT);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm(AGREEMENT_LABELS);
  return (
    <OpenForm
      form={form}
      close={close}
      label="Record an agreement"
      onSubmit={async (event) => {
        if (!options) return;
        const data = await submit(event, (values) => {
          const spoken = spokenOf(values, options);
          return record({
            input: {
              projectId: project.id,
              partnerId: spoken.partnerId,
              representativeId: spoken.representativeId ?? null,
              evidence: spoken.evidence ?? null,
              signedBy: spoken.name,
              note: orNull(values.note),
              principleIds: allOf(form.current, 'principleIds'),
            },
          });
        });
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      {options ? (
        <>
          <SpeakerFields prefix="agreement" partners={project.partners.map((p) => p.partner)} options={options} errors={errors.fields} />
          <Checks
            prefix="agreement"
            name="principleIds"
            legend="Principles agreed"
            options={project.principles.map((p) => ({ value: p.id, label: p.title }))}
            checked={project.principles.map((p) => p.id)}
            error={errors.fields.principleIds}
          />
          <Input prefix="agreement" name="note" label="Note (optional)" error={errors.fields.note} />
        </>
      ) : (
        <p class="loading">Loading…</p>
      )}
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !options} submit="Record agreement" close={close} />
    </OpenForm>
  );
}

/** The principles underpinning the project, chosen among the organisation's. */
function ChoosePrinciples({ project, close }: { project: Project; close(): void }) {
  const options = useFormOptions();
  const [, setPrinciples] = useMutation(SET_PRINCIPLES);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm({ principleIds: 'Principles' });
  return (
    <OpenForm
      form={form}
      close={close}
      label="Choose the project's principles"
      onSubmit={async (event) => {
        const data = await submit(event, () => setPrinciples({ input: { projectId: project.id, principleIds: allOf(form.current, 'principleIds') } }));
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      {options ? (
        <Checks
          prefix="principles"
          name="principleIds"
          legend="Principles of this project"
          options={options.data.principles.map((p) => ({ value: p.id, label: p.title }))}
          checked={project.principles.map((p) => p.id)}
          error={errors.fields.principleIds}
        />
      ) : (
        <p class="loading">Loading…</p>
      )}
      <p class="muted small">Agreements to a principle left out are removed.</p>
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !options} submit="Save principles" close={close} />
    </OpenForm>
  );
}

/**
 * Each principle with who agreed it, who must agree again since it was reworded, and who has not
 * agreed yet. Only a current agreement counts as agreed: one given to an earlier wording does not.
 */
export function Agreements({ project, writable }: { project: Project; writable: boolean }) {
  const [form, setForm] = useState<'record' | 'principles' | null>(null);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater(`${form}-button`);
    setForm(null);
  };
  const principles = [...project.principles].sort((a, b) => a.position - b.position);
  const missing = project.missingAgreements.length;
  return (
    <section class="panel principles" aria-labelledby="principles-heading">
      <h2 id="principles-heading">Principles and agreements</h2>
      {principles.length && project.partners.length ? (
        <p class={missing ? 'missing agreement-summary' : 'agreement-summary'}>
          {missing
            ? `Waiting for ${plural(missing, 'agreement')}${project.status === 'PROPOSED' ? ' before the project can start' : ''}.`
            : 'Every partner has agreed every principle.'}
        </p>
      ) : null}
      {principles.length ? (
        <ul class="principle-list">
          {principles.map((principle) => {
            const agreements = project.agreements.filter((a) => a.principle.id === principle.id);
            const current = agreements.filter((a) => a.current);
            const stale = agreements.filter((a) => !a.current);
            const notYet = project.missingAgreements.filter((m) => m.principle.id === principle.id && !stale.some((a) => a.partner.id === m.partner.id));
            return (
              <li key={principle.id} class="principle" data-principle-id={principle.id}>
                <h3>{principle.title}</h3>
                <p class="agreed-by">
                  <span class="agreed-label">✓ Agreed by </span>
                  {current.length ? current.map(agreedBy).join('; ') : 'nobody yet'}
                </p>
                {stale.length ? (
                  <p class="missing re-agree">
                    <strong>Reworded since; must agree again: </strong>
                    {stale.map((a) => `${a.partner.name} (agreed version ${a.principleVersion}, now ${principle.version})`).join(', ')}
                  </p>
                ) : null}
                {notYet.length ? (
                  <p class="missing not-agreed">
                    <strong>Not yet agreed by </strong>
                    {notYet.map((m) => m.partner.name).join(', ')}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">No principles set for this project.</p>
      )}
      {writable && !form ? (
        <div class="stage-actions">
          {principles.length && project.partners.length ? (
            <button type="button" id="record-button" class="button" onClick={() => setForm('record')}>
              Record an agreement
            </button>
          ) : null}
          <button type="button" id="principles-button" class="button subtle" onClick={() => setForm('principles')}>
            Choose principles
          </button>
        </div>
      ) : null}
      {form === 'record' ? <RecordAgreement project={project} close={close} /> : null}
      {form === 'principles' ? <ChoosePrinciples project={project} close={close} /> : null}
    </section>
  );
}
