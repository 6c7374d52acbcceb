import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsDefined, IsEmail, IsOptional, MaxLength, ValidateIf } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { IsCleanText, NAME_MAX, TEXT_MAX } from '../../common/validation';
import { PartnerKind } from './partner.enums';

@ArgsType()
export class PartnersArgs extends PageArgs {
  @Field(() => PartnerKind, { nullable: true, description: 'Only partners of this kind.' })
  @IsOptional()
  kind?: PartnerKind | null;
}

@InputType()
export class CreatePartnerInput {
  @Field()
  @IsCleanText({ max: NAME_MAX })
  name!: string;

  @Field(() => PartnerKind)
  kind!: PartnerKind;

  @Field(() => String, { nullable: true, description: 'Blank is stored as no description.' })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  description?: string | null;
}

@InputType({ description: 'Omitted fields stay as they are; an explicit null clears a nullable field.' })
export class UpdatePartnerInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one is CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  @ValidateIf((_input, value) => value !== undefined)
  @IsDefined({ message: 'cannot be null: omit it to leave it unchanged' })
  @IsCleanText({ max: NAME_MAX })
  name?: string | null;

  @Field(() => PartnerKind, { nullable: true })
  @ValidateIf((_input, value) => value !== undefined)
  @IsDefined({ message: 'cannot be null: omit it to leave it unchanged' })
  kind?: PartnerKind | null;

  @Field(() => String, { nullable: true, description: 'null or blank clears it.' })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  description?: string | null;
}

@InputType()
export class AddRepresentativeInput {
  @Field(() => ID)
  partnerId!: string;

  @Field()
  @IsCleanText({ max: NAME_MAX })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Blank is stored as no role title.' })
  @IsCleanText({ max: NAME_MAX, allowEmpty: true })
  roleTitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;
}

@InputType()
export class LinkRepresentativeInput {
  @Field(() => ID)
  representativeId!: string;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation (NOT_FOUND otherwise); null unlinks the representative.' })
  userId?: string | null;
}
