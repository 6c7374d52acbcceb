import { belongsTo } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Project } from '../projects/project.entity';
import { ProjectUpdate } from './project-update.entity';

export const projectUpdateProject = belongsTo(ProjectUpdate, 'project', Project, 'projectId', { required: true });
export const projectUpdatePostedBy = belongsTo(ProjectUpdate, 'postedBy', User, 'postedByUserId', {
  field: { description: 'Who posted it; null when an API key did, or they are no longer a member.' },
});
