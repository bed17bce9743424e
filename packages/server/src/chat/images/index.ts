import type { AppContext } from '../../platform/context';
import type { DomainModule } from '../../platform/modules/domainModule';
import { registerContentKind } from '../messages';
import { imagesRoutes } from './routes';
import { imageContent } from './rules';

/** Chat pictures: uploaded into a conversation, checked and re-encoded, sent as image messages. */
export function imagesModule(ctx: AppContext): DomainModule {
  registerContentKind(imageContent);
  return { name: 'chat/images', routes: imagesRoutes(ctx) };
}
