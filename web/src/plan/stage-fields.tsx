import type { Project } from '../dashboard/project';
import type { Stage } from '../dashboard/stage-item';
import type { FormOptions } from '../projects/options';
import { allOf, Checks, Input, orNull, Select, TextArea } from '../forms/controls';

export const STAGE_LABELS = {
  title: 'Title',
  description: 'Description',
  dueDate: 'Due date',
  ownerPartnerId: 'Owning partner',
  assigneeUserId: 'Assignee',
  dependsOnStageIds: 'Depends on',
};

/** A stage's fields, for a new stage or one being edited (`stage`). */
export function StageFields({
  prefix,
  project,
  stage,
  options,
  errors,
}: {
  prefix: string;
  project: Project;
  stage?: Stage;
  options: FormOptions;
  errors: Partial<Record<string, string>>;
}) {
  const others = project.stages.filter((s) => s.id !== stage?.id);
  return (
    <>
      <Input prefix={prefix} name="title" label={STAGE_LABELS.title} required value={stage?.title} error={errors.title} />
      <TextArea prefix={prefix} name="description" label={STAGE_LABELS.description} value={stage?.description} error={errors.description} />
      <Input prefix={prefix} name="dueDate" type="date" label={STAGE_LABELS.dueDate} value={stage?.dueDate} error={errors.dueDate} />
      <Select
        prefix={prefix}
        name="ownerPartnerId"
        label={STAGE_LABELS.ownerPartnerId}
        empty="No owner"
        value={stage?.owner?.id}
        options={options.data.partners.nodes.map((p) => ({ value: p.id, label: p.name }))}
        error={errors.ownerPartnerId}
      />
      <Select
        prefix={prefix}
        name="assigneeUserId"
        label={STAGE_LABELS.assigneeUserId}
        empty="Nobody"
        value={stage?.assignee?.id}
        options={options.data.organisation.members.map((m) => ({ value: m.user.id, label: m.user.name }))}
        error={errors.assigneeUserId}
      />
      <Checks
        prefix={prefix}
        name="dependsOnStageIds"
        legend="Starts once these are done"
        options={others.map((s) => ({ value: s.id, label: s.title }))}
        checked={stage?.dependsOn.map((d) => d.id) ?? []}
        error={errors.dependsOnStageIds}
      />
    </>
  );
}

/** The fields of a submitted stage form, for addStage or updateStage (blank clears). */
export function stageInput(values: Record<string, string>, form: HTMLFormElement | null) {
  return {
    title: (values.title ?? '').trim(),
    description: orNull(values.description),
    dueDate: orNull(values.dueDate),
    ownerPartnerId: orNull(values.ownerPartnerId),
    assigneeUserId: orNull(values.assigneeUserId),
    dependsOnStageIds: allOf(form, 'dependsOnStageIds'),
  };
}
