import { Args, ArgsType, Authorized, Ctx, Field, ID, Query, Resolver, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { Role } from '../../auth/role';
import { DateScalar } from '../../common/scalars';
import { DOWNLOAD_TTL_SECONDS } from './report.links';
import { boardReportDownload } from './report.service';

/** A board report's file format. */
export enum BoardReportFormat {
  PDF = 'PDF',
  CSV = 'CSV',
}

registerEnumType(BoardReportFormat, { name: 'BoardReportFormat', description: 'PDF (charts included) or CSV (one file, rows told apart by a section column).' });

@ArgsType()
export class BoardReportDownloadArgs {
  @Field(() => ID, { nullable: true, description: "The project reported on; without one, the organisation's report (its projects not archived)." })
  @IsOptional()
  projectId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the period; default 89 days before `to` (90 days in all).' })
  @IsOptional()
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the period; default today (UTC).' })
  @IsOptional()
  to?: string | null;

  @Field(() => BoardReportFormat)
  format!: BoardReportFormat;
}

@Resolver()
export class BoardReportResolver {
  @Authorized(USER, Role.OBSERVER)
  @Query(() => String, {
    description: `A link that downloads a board report without an Authorization header, for browsers: a path relative to the server's root (resolve it against the GraphQL endpoint's URL), valid for ${DOWNLOAD_TTL_SECONDS / 60} minutes, for this user, organisation, report and period only. API keys fetch GET /reports/projects/{id}.pdf|csv or /reports/organisation.pdf|csv with their Authorization header instead. BAD_USER_INPUT for a bad period (from after to, over 3660 days); NOT_FOUND for a project not of this organisation.`,
  })
  boardReportDownload(@Ctx() ctx: Context, @Args(() => BoardReportDownloadArgs) args: BoardReportDownloadArgs): Promise<string> {
    return boardReportDownload(ctx, { ...args, format: args.format === BoardReportFormat.PDF ? 'pdf' : 'csv' });
  }
}
