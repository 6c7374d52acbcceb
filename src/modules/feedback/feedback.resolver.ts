import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../auth/role';
import { FeedbackLink } from './feedback-link.entity';
import { OpenFeedbackLinkInput, RecordYouSaidWeDidInput } from './feedback.inputs';
import { closeFeedbackLink, openFeedbackLink, recordYouSaidWeDid } from './feedback.service';
import { YouSaidWeDid } from './you-said-we-did.entity';

@ObjectType({ description: 'A feedback link just opened, with the only copy of its URL.' })
export class OpenedFeedbackLink {
  @Field(() => FeedbackLink)
  link!: FeedbackLink;

  @Field({ description: 'The public form: share it with service users (a printed QR code, a text message). Shown once; the server keeps only a hash of its secret.' })
  url!: string;
}

@Resolver(() => FeedbackLink)
export class FeedbackResolver {
  @Authorized(Role.MEMBER)
  @Mutation(() => OpenedFeedbackLink, {
    description:
      'Opens a public feedback form of an evaluation (not published) for one of its SERVICE_USERS or CARERS partners: anyone with the URL may answer, without an account, and each answer is an involvement record in that partner’s name.',
  })
  openFeedbackLink(@Ctx() ctx: Context, @Arg('input', () => OpenFeedbackLinkInput) input: OpenFeedbackLinkInput): Promise<OpenedFeedbackLink> {
    return openFeedbackLink(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => FeedbackLink, { description: 'Closes a feedback link: its form takes no more answers and says it is not open.' })
  closeFeedbackLink(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<FeedbackLink> {
    return closeFeedbackLink(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => YouSaidWeDid, { description: '"You said, we did" on an evaluation (not published), shown back on its feedback forms.' })
  recordYouSaidWeDid(@Ctx() ctx: Context, @Arg('input', () => RecordYouSaidWeDidInput) input: RecordYouSaidWeDidInput): Promise<YouSaidWeDid> {
    return recordYouSaidWeDid(ctx, input);
  }
}
