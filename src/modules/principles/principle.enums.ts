import { registerEnumType } from 'type-graphql';

/** A ready-made set of principles an organisation can adopt. */
export enum PrincipleSet {
  TUC_SIX_PRINCIPLES = 'TUC_SIX_PRINCIPLES',
}

registerEnumType(PrincipleSet, {
  name: 'PrincipleSet',
  description: 'A ready-made set of principles an organisation can adopt.',
  valuesConfig: { TUC_SIX_PRINCIPLES: { description: "The TUC's Six Principles of Partnership." } },
});
