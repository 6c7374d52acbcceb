import { Field, ID, InputType } from 'type-graphql';
import { IsCleanText, TEXT_MAX } from '../../common/validation';
import { ProjectHealth } from './project-update.enums';

@InputType()
export class PostProjectUpdateInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ProjectHealth)
  health!: ProjectHealth;

  @Field({ description: `What is going well, what is not, and what happens next; trimmed, 1 to ${TEXT_MAX} characters.` })
  @IsCleanText({ max: TEXT_MAX })
  narrative!: string;
}
