import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { AuthPayload, LogInInput, RequestPasswordResetInput, ResetPasswordInput, SignUpInput } from './account.inputs';
import { logIn, signUp } from './account.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';
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

  @Mutation(() => Boolean, {
    description:
      'Mails a one-hour, single-use link to choose a new password, if the email has an account. Always true: the answer does not say whether it has one. ' +
      'Limited per email and per client address (RATE_LIMITED).',
  })
  requestPasswordReset(@Ctx() ctx: Context, @Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput): Promise<boolean> {
    return requestPasswordReset(ctx, input);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Sets a new password with the token from a reset mail, ends every earlier session of the account (HTTP and WebSocket), and signs in. ' +
      'A used, expired or unknown token is INVALID_TOKEN. Send it without X-Organisation.',
  })
  resetPassword(@Ctx() ctx: Context, @Arg('input', () => ResetPasswordInput) input: ResetPasswordInput): Promise<AuthPayload> {
    return resetPassword(ctx, input);
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
