import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { required } from '../../common/loader-utils';
import { selectsOfNodes } from '../../common/lookahead';
import type { Page } from '../../common/pagination';
import { LIST_CAPS, LIST_FIELD_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { Agreement } from './agreement.entity';
import { Project } from './project.entity';
import type { ProjectsReadAhead } from './project.page';
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
  listProjects,
  partnerProjects,
  projectAgreements,
  projectMissingAgreements,
  projectPartners,
  projectPrinciples,
  recordAgreement,
  setProjectPrinciples,
  startProject,
  updateProject,
} from './project.service';
import { MissingAgreement, ProjectConnection, ProjectPartner } from './project.types';

/** What the page's nodes will be asked that listProjects can read with the page itself. */
function readAhead(info: GraphQLResolveInfo): ProjectsReadAhead {
  return {
    stages: selectsOfNodes(info, 'stages'),
    owners: selectsOfNodes(info, 'stages', 'owner'),
    evaluations: selectsOfNodes(info, 'evaluations'),
    measures: selectsOfNodes(info, 'evaluations', 'measures'),
  };
}

@Resolver(() => Project)
export class ProjectResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => ProjectConnection, { description: "The organisation's projects, oldest first." })
  projects(@Ctx() ctx: Context, @Args(() => ProjectsArgs) args: ProjectsArgs, @Info() info: GraphQLResolveInfo): Promise<Page<Project>> {
    return listProjects(ctx, args, readAhead(info));
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
    description: `Records a partner's agreement to the project's principles (all of them unless listed); returns those agreements, at most ${LIST_FIELD_CAPS['Mutation.recordAgreement']}.`,
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
  @Mutation(() => Project, { description: 'ACTIVE <-> ON_HOLD, ACTIVE or ON_HOLD -> COMPLETED, anything not COMPLETED -> CANCELLED.' })
  changeProjectStatus(@Ctx() ctx: Context, @Arg('input', () => ChangeProjectStatusInput) input: ChangeProjectStatusInput): Promise<Project> {
    return changeProjectStatus(ctx, input);
  }

  @FieldResolver(() => [ProjectPartner], { description: `The partners involved, in order of involvement; at most ${LIST_CAPS.partnersPerProject}.` })
  partners(@Ctx() ctx: Context, @Root() project: Project): Promise<ProjectPartner[]> {
    return projectPartners(ctx, project);
  }

  @FieldResolver(() => [Principle], { description: `The principles that underpin the project, by position; at most ${LIST_CAPS.principlesPerOrganisation}.` })
  principles(@Ctx() ctx: Context, @Root() project: Project): Promise<Principle[]> {
    return projectPrinciples(ctx, project);
  }

  @FieldResolver(() => [Agreement], {
    description: `Agreements by partner (order of involvement), then principle position; at most ${LIST_FIELD_CAPS['Project.agreements']} (one per partner and principle).`,
  })
  agreements(@Ctx() ctx: Context, @Root() project: Project): Promise<Agreement[]> {
    return projectAgreements(ctx, project);
  }

  @FieldResolver(() => [MissingAgreement], {
    description: `What every involved partner still has to agree before the project can start; at most ${LIST_FIELD_CAPS['Project.missingAgreements']}.`,
  })
  missingAgreements(@Ctx() ctx: Context, @Root() project: Project): Promise<MissingAgreement[]> {
    return projectMissingAgreements(ctx, project);
  }
}

@Resolver(() => ProjectPartner)
export class ProjectPartnerResolver {
  @Reads()
  @FieldResolver(() => Partner)
  partner(@Ctx() ctx: Context, @Root() involvement: ProjectPartner): Promise<Partner> {
    return required(ctx.loaders.partners.partnerById.load(involvement.partnerId), 'Partner');
  }
}

@Resolver(() => MissingAgreement)
export class MissingAgreementResolver {
  @Reads()
  @FieldResolver(() => Partner)
  partner(@Ctx() ctx: Context, @Root() missing: MissingAgreement): Promise<Partner> {
    return required(ctx.loaders.partners.partnerById.load(missing.partnerId), 'Partner');
  }

  @Reads()
  @FieldResolver(() => Principle)
  principle(@Ctx() ctx: Context, @Root() missing: MissingAgreement): Promise<Principle> {
    return required(ctx.loaders.principles.principleById.load(missing.principleId), 'Principle');
  }
}

@Resolver(() => Agreement)
export class AgreementResolver {
  @Reads()
  @FieldResolver(() => Partner)
  partner(@Ctx() ctx: Context, @Root() agreement: Agreement): Promise<Partner> {
    return required(ctx.loaders.partners.partnerById.load(agreement.partnerId), 'Partner');
  }

  @Reads()
  @FieldResolver(() => Principle)
  principle(@Ctx() ctx: Context, @Root() agreement: Agreement): Promise<Principle> {
    return required(ctx.loaders.principles.principleById.load(agreement.principleId), 'Principle');
  }
}

/** Partner.projects lives here: it reads project involvement. */
@Resolver(() => Partner)
export class PartnerProjectsResolver {
  @FieldResolver(() => [Project], { description: `The projects this partner is involved in, oldest first; at most ${LIST_CAPS.projectsPerPartner}.` })
  projects(@Ctx() ctx: Context, @Root() partner: Partner): Promise<Project[]> {
    return partnerProjects(ctx, partner);
  }
}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const projectResolvers = [ProjectResolver, ProjectPartnerResolver, MissingAgreementResolver, AgreementResolver, PartnerProjectsResolver] as const;
