import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { AuthPayload, LogInInput, SignUpInput } from './account.inputs';
import { logIn, signUp } from './account.service';
import { signOutEverywhere } from './sessions.service';
import { getViewer } from './viewer.service';
import { Viewer } from './viewer.type';

@Resolver()
export class AccountResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and returns a token for it.' })
  signUp(@Ctx() ctx: Context, @Arg('input', () => SignUpInput) input: SignUpInput): Promise<AuthPayload> {
    return signUp(ctx, input);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges an email and password for a token.' })
  logIn(@Ctx() ctx: Context, @Arg('input', () => LogInInput) input: LogInInput): Promise<AuthPayload> {
    return logIn(ctx, input);
  }

  @Authorized(USER)
  @Mutation(() => Boolean, {
    description:
      'Ends every session of the signed-in user: every token issued before it (this one included) stops working, and their open WebSockets close (4403). ' +
      'Send it without X-Organisation. API keys are not affected.',
  })
  signOutEverywhere(@Ctx() ctx: Context): Promise<boolean> {
    return signOutEverywhere(ctx);
  }

  @Authorized()
  @Query(() => Viewer, { description: 'The caller: user or API key, with memberships.' })
  viewer(@Ctx() ctx: Context): Promise<Viewer> {
    return getViewer(ctx);
  }
}
