import { publishKeysRotated, rotateVapidKeys } from '../features/push';
import type { AdminTools } from './tools';

/**
 * Replaces the Web Push keys and the subscriptions made with them, then tells the nodes. The
 * result is printed before the announcement: should that fail, the rotation has still happened.
 */
export async function rotatePushKeys(tools: AdminTools, json: boolean): Promise<void> {
  const rotation = await rotateVapidKeys(tools.db, tools.now());
  if (json) tools.out.json(rotation);
  else
    tools.out.line(
      `Rotated the push keys; ${rotation.subscriptionsRemoved} device subscription(s) removed; each device subscribes again when the app next opens.`,
    );
  await publishKeysRotated({ bus: await tools.bus() });
  if (!tools.config.redisUrl) {
    const seconds = Math.ceil(tools.config.push.keyCheckMs / 1000);
    tools.out.note(`Without LIAO_REDIS_URL, a running node signs with the new keys within ${seconds} s.`);
  }
}
