import { LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, hasMany, through } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Partner } from '../partners/partner.entity';
import { Project } from '../projects/project.entity';
import { Celebration } from './celebration.entity';
import { StageDependency } from './stage-dependency.entity';
import { Stage } from './stage.entity';

export const projectStages = hasMany(Project, 'stages', Stage, 'projectId', {
  cap: LIST_CAPS.stagesPerProject,
  order: { position: 'ASC', id: 'ASC' },
  field: { description: `The action plan, by position; at most ${LIST_CAPS.stagesPerProject} stages (addStage refuses more: LIMIT_REACHED).` },
});

export const stageOwner = belongsTo(Stage, 'owner', Partner, 'ownerPartnerId');

export const stageDependsOn = through(Stage, 'dependsOn', StageDependency, 'stageId', 'dependsOnStageId', Stage, {
  cap: LIST_CAPS.dependenciesPerStage,
  order: { position: 'ASC', id: 'ASC' },
  field: { description: `The stages that must be DONE before this one starts, by position; at most ${LIST_CAPS.dependenciesPerStage}.` },
});

export const stageCompletedBy = belongsTo(Stage, 'completedBy', User, 'completedByUserId', {
  field: { description: 'Who completed the stage; null when an API key did, or they are no longer a member.' },
});

export const stageAssignee = belongsTo(Stage, 'assignee', User, 'assigneeUserId', {
  field: { description: 'The member who owns the work of this stage; null when nobody does.' },
});

export const stageCelebrations = hasMany(Stage, 'celebrations', Celebration, 'stageId', {
  cap: LIST_CAPS.celebrationsPerStage,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `Oldest first; at most ${LIST_CAPS.celebrationsPerStage}.` },
});

export const stageProject = belongsTo(Stage, 'project', Project, 'projectId', { required: true });

export const celebrationStage = belongsTo(Celebration, 'stage', Stage, 'stageId', {
  required: true,
  field: { description: 'The completed stage it celebrates (its project is `stage.project`).' },
});

export const celebrationAcknowledgedBy = belongsTo(Celebration, 'acknowledgedBy', User, 'acknowledgedByUserId', {
  field: { description: 'Who acknowledged the stage; null when an API key did, or they are no longer a member.' },
});
