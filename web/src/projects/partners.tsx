import { useMutation } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import { label } from '../format';
import { graphql } from '../gql';
import type { ProjectPartnerRole } from '../gql/graphql';
import { useFormOptions } from './options';
import { Select } from '../forms/controls';
import { FormAlert, useForm } from '../forms/form';
import { FormButtons, OpenForm, useFocusLater } from '../forms/open-form';

const INVOLVE_PARTNER = graphql(`
  mutation InvolvePartner($input: InvolvePartnerInput!) { involvePartner(input: $input) { id partners { role partner { id name kind } } } }
`);

const ROLES: ProjectPartnerRole[] = ['LEAD', 'MEMBER', 'CONSULTED'];

/** Involves a partner of the organisation in the project, or changes the role of one involved. */
function InvolvePartner({ project, close }: { project: Project; close(): void }) {
  const options = useFormOptions();
  const [, involve] = useMutation(INVOLVE_PARTNER);
  const { refresher } = useDashboard();
  const { form, errors, busy, submit } = useForm({ partnerId: 'Partner', role: 'Role' });
  return (
    <OpenForm
      form={form}
      close={close}
      label="Involve a partner"
      onSubmit={async (event) => {
        const data = await submit(event, (v) => involve({ input: { projectId: project.id, partnerId: v.partnerId ?? '', role: (v.role ?? 'MEMBER') as ProjectPartnerRole } }));
        if (data) {
          refresher.refreshAll();
          close();
        }
      }}
    >
      {options ? (
        <>
          <Select
            prefix="involve"
            name="partnerId"
            label="Partner"
            required
            options={options.data.partners.nodes.map((p) => ({ value: p.id, label: p.name }))}
            error={errors.fields.partnerId}
          />
          <Select
            prefix="involve"
            name="role"
            label="Role in the project"
            required
            value="MEMBER"
            options={ROLES.map((r) => ({ value: r, label: label(r) }))}
            error={errors.fields.role}
          />
        </>
      ) : (
        <p class="loading">Loading…</p>
      )}
      <FormAlert message={errors.alert} />
      <FormButtons busy={busy || !options} submit="Involve partner" close={close} />
    </OpenForm>
  );
}

/** The partners involved and their roles; members involve more. */
export function ProjectPartners({ project, writable }: { project: Project; writable: boolean }) {
  const [open, setOpen] = useState(false);
  const focusLater = useFocusLater();
  const close = () => {
    focusLater('involve-button');
    setOpen(false);
  };
  return (
    <section class="panel" aria-labelledby="partners-heading">
      <h2 id="partners-heading">Partners</h2>
      {project.partners.length ? (
        <ul class="plain-list project-partners">
          {project.partners.map((p) => (
            <li key={p.partner.id}>
              {p.partner.name}
              <span class="muted">{` · ${label(p.role)}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No partner involved yet.</p>
      )}
      {writable && !open ? (
        <div class="stage-actions">
          <button type="button" id="involve-button" class="button" onClick={() => setOpen(true)}>
            Involve a partner
          </button>
        </div>
      ) : null}
      {open ? <InvolvePartner project={project} close={close} /> : null}
    </section>
  );
}
