import { PrincipleSet } from './principle.enums';

/** One principle of a ready-made set, as it is first adopted (the organisation may edit it after). */
export interface PrincipleTemplate {
  /** Unique per organisation: re-adopting a set finds the principles it already made by this key. */
  setKey: string;
  title: string;
  description: string;
}

export interface PrincipleSetDefinition {
  /** Where the set comes from, stored on each principle as `source`. */
  source: string;
  principles: readonly PrincipleTemplate[];
}

const tuc = (n: number, title: string, description: string): PrincipleTemplate => ({ setKey: `TUC_SIX_PRINCIPLES:${n}`, title, description });

/**
 * The TUC's Six Principles of Partnership, titled as the TUC titles them and described in our own
 * words.
 */
const TUC_SIX_PRINCIPLES: PrincipleSetDefinition = {
  source: 'TUC: Six Principles of Partnership',
  principles: [
    tuc(
      1,
      'Shared commitment to the success of the organisation',
      "Management, staff and their trade unions commit together to the organisation's success and to the service it provides, and work jointly towards goals they share.",
    ),
    tuc(
      2,
      "Recognising each other's legitimate interests",
      'Each partner accepts that the others have legitimate interests of their own, which may differ, and resolves differences through dialogue and mutual respect rather than by setting them aside.',
    ),
    tuc(
      3,
      'Commitment to employment security',
      'The organisation works to keep people in employment and employable, managing change through retraining and redeployment wherever it can; in return staff and unions support flexibility.',
    ),
    tuc(
      4,
      'A focus on the quality of working life',
      "Partners work to improve people's working lives: their skills and development, their health and wellbeing, and the balance between work and life.",
    ),
    tuc(
      5,
      'Transparency',
      'Partners are open with each other: they share information early, including about plans and problems, and consult genuinely before decisions are made, respecting confidentiality where it is needed.',
    ),
    tuc(6, 'Adding value', 'The partnership seeks mutual gains: changes that deliver better results for the organisation, its staff and the people who use its services alike.'),
  ],
};

/** The principles of a ready-made set, in order. */
export function principleSetDefinition(set: PrincipleSet): PrincipleSetDefinition {
  switch (set) {
    case PrincipleSet.TUC_SIX_PRINCIPLES:
      return TUC_SIX_PRINCIPLES;
    default: {
      const never: never = set;
      throw new Error(`Unknown principle set ${String(never)}`);
    }
  }
}
