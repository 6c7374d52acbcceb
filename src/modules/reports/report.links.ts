import { SignJWT, jwtVerify, errors } from 'jose';
import type { ReportRange } from './report.range';

/**
 * Download links for browsers. The web app authenticates with a bearer header, which a plain link
 * cannot carry; putting the session token in a URL would leak it to history and logs. So the API
 * hands out a link with its own token instead: a JWT signed with the server's AUTH_SECRET (as user
 * tokens are, with another audience, so neither passes for the other), valid for
 * {@link DOWNLOAD_TTL_SECONDS}, bound to the user, the organisation, the user's token generation
 * (signing out everywhere ends it) and exactly one report: its project (or the organisation), format
 * and period. Following it authenticates as that user through the same path as every request.
 */
export const DOWNLOAD_TTL_SECONDS = 300;

const ISSUER = 'partnership-hub';
const AUDIENCE = 'board-report';
const ALGORITHM = 'HS256';

export type ReportFormat = 'pdf' | 'csv';

/** What one download link allows. */
export interface ReportGrant {
  userId: string;
  organisationId: string;
  generation: number;
  /** The project's UUID, or null for the organisation's report. */
  projectId: string | null;
  format: ReportFormat;
  range: ReportRange;
}

export function signReportGrant(secret: Uint8Array, grant: ReportGrant, now: Date = new Date()): Promise<string> {
  const issued = Math.floor(now.getTime() / 1000);
  return new SignJWT({ org: grant.organisationId, gen: grant.generation, prj: grant.projectId, fmt: grant.format, from: grant.range.from, to: grant.range.to })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(grant.userId)
    .setIssuedAt(issued)
    .setExpirationTime(issued + DOWNLOAD_TTL_SECONDS)
    .sign(secret);
}

/** The grant a download token carries; null when it is malformed, forged or expired. */
export async function verifyReportGrant(secret: Uint8Array, token: string): Promise<ReportGrant | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM] });
    const { sub, org, gen, prj, fmt, from, to } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof org !== 'string' || typeof gen !== 'number' || !Number.isSafeInteger(gen)) return null;
    if ((prj !== null && typeof prj !== 'string') || (fmt !== 'pdf' && fmt !== 'csv') || typeof from !== 'string' || typeof to !== 'string') return null;
    return { userId: sub, organisationId: org, generation: gen, projectId: prj, format: fmt, range: { from, to } };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
