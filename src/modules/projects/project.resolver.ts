import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Reads } from '../../db/column-plan';
import type { Page } from '../../common/pagination';
import { LIST_CAPS, LIST_FIELD_CAPS } from '../../limits/list-caps';
import { Role, roleAtLeast } from '../../auth/role';
import { Agreement } from './agreement.entity';
import { Project } from './project.entity';
import {
  ChangeProjectStatusInput,
  CreateProjectInput,
  InvolvePartnerInput,
  ProjectsArgs,
  RecordAgreementInput,
  SetProjectPrinciplesInput,
  UpdateProjectInput,
} from './project.inputs';
import {
  changeProjectStatus,
  createProject,
  getProject,
  involvePartner,
  isAgreementCurrent,
  listProjects,
  projectAgreements,
  projectMissingAgreements,
  recordAgreement,
  setProjectPrinciples,
  startProject,
  updateProject,
} from './project.service';
import { availableProjectActions, ProjectAction } from './project.transitions';
import { MissingAgreement, ProjectConnection } from './project.types';

@Resolver(() => Project)
export class ProjectResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => ProjectConnection, { description: "The organisation's projects, oldest first." })
  projects(@Ctx() ctx: Context, @Args(() => ProjectsArgs) args: ProjectsArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Project>> {
    return listProjects(ctx, args, info);
  }

  @Authorized(Role.OBSERVER)
  @Query(() => Project, { nullable: true, description: 'Null when not found in this organisation.' })
  project(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Project | null> {
    return getProject(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project, { description: 'Creates a PROPOSED project.' })
  createProject(@Ctx() ctx: Context, @Arg('input', () => CreateProjectInput) input: CreateProjectInput): Promise<Project> {
    return createProject(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project)
  updateProject(@Ctx() ctx: Context, @Arg('input', () => UpdateProjectInput) input: UpdateProjectInput): Promise<Project> {
    return updateProject(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project, {
    description: `Involves a partner in a project; involving it again changes its role. LIMIT_REACHED past ${LIST_CAPS.partnersPerProject} partners in the project or ${LIST_CAPS.projectsPerPartner} projects of the partner.`,
  })
  involvePartner(@Ctx() ctx: Context, @Arg('input', () => InvolvePartnerInput) input: InvolvePartnerInput): Promise<Project> {
    return involvePartner(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project, { description: "Replaces the project's principles; agreements to principles left out are deleted." })
  setProjectPrinciples(@Ctx() ctx: Context, @Arg('input', () => SetProjectPrinciplesInput) input: SetProjectPrinciplesInput): Promise<Project> {
    return setProjectPrinciples(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => [Agreement], {
    description: `Records a partner's agreement to the project's principles (all of them unless listed), as worded now; only from the partner's own linked representative, or an ADMIN or OWNER on its behalf with evidence (NOT_A_REPRESENTATIVE otherwise). Returns those agreements, at most ${LIST_FIELD_CAPS['Mutation.recordAgreement']}.`,
  })
  recordAgreement(@Ctx() ctx: Context, @Arg('input', () => RecordAgreementInput) input: RecordAgreementInput): Promise<Agreement[]> {
    return recordAgreement(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project, { description: 'PROPOSED -> ACTIVE; PRINCIPLES_NOT_AGREED unless every involved partner agreed every principle.' })
  startProject(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Project> {
    return startProject(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Project, {
    description: 'ACTIVE <-> ON_HOLD, ACTIVE or ON_HOLD -> COMPLETED (STAGES_OPEN while a stage is not DONE or CANCELLED), anything not COMPLETED -> CANCELLED.',
  })
  changeProjectStatus(@Ctx() ctx: Context, @Arg('input', () => ChangeProjectStatusInput) input: ChangeProjectStatusInput): Promise<Project> {
    return changeProjectStatus(ctx, input);
  }

  @FieldResolver(() => [Agreement], {
    description: `Agreements by partner (order of involvement), then principle position, current or not (see Agreement.current); at most ${LIST_FIELD_CAPS['Project.agreements']} (one per partner and principle).`,
  })
  agreements(@Ctx() ctx: Context, @Root() project: Project): Promise<Agreement[]> {
    return projectAgreements(ctx, project);
  }

  @FieldResolver(() => [MissingAgreement], {
    description: `What every involved partner still has to agree before the project can start, including agreements to a principle whose wording changed since; at most ${LIST_FIELD_CAPS['Project.missingAgreements']}.`,
  })
  missingAgreements(@Ctx() ctx: Context, @Root() project: Project): Promise<MissingAgreement[]> {
    return projectMissingAgreements(ctx, project);
  }

  @Reads(() => Project, 'archivedAt')
  @FieldResolver(() => [ProjectAction], {
    description:
      'The status changes the caller may ask for now (none for an OBSERVER, none while archived). START and COMPLETE may still be refused by the agreement rule (PRINCIPLES_NOT_AGREED) or the plan rule (STAGES_OPEN), whose errors name what is missing.',
  })
  availableActions(@Ctx() ctx: Context, @Root() project: Project): ProjectAction[] {
    if (!ctx.auth.role || !roleAtLeast(ctx.auth.role, Role.MEMBER)) return [];
    return availableProjectActions(project);
  }
}

@Resolver(() => Agreement)
export class AgreementResolver {
  @Reads()
  @FieldResolver(() => Boolean, {
    description: 'True while the principle is still worded as it was agreed (principleVersion is its version); false once it changed, until the partner agrees again.',
  })
  current(@Ctx() ctx: Context, @Root() agreement: Agreement): Promise<boolean> {
    return isAgreementCurrent(ctx, agreement);
  }
}

/** Every resolver class of this feature (see project.feature.ts). */
export const projectResolvers = [ProjectResolver, AgreementResolver] as const;
