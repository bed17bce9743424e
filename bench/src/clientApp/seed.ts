import { randomUUID } from 'node:crypto';
import { RawSocket } from '../rawSocket';
import { pool, sleep } from '../stats';
import { type BenchUser, registerUsers } from '../users';

export interface ClientAppSeed {
  me: BenchUser;
  password: string;
  conversations: number;
  messages: number;
  /** The pinned group with most of the messages: the chat the benchmark opens and scrolls. */
  longChat: { id: string; name: string; messages: number; newestText: string };
  /** Another chat to switch to and back (chat-open times are the median of several opens). */
  otherChat: { id: string; name: string; newestText: string };
  seconds: number;
}

export interface SeedOptions {
  conversations: number;
  messages: number;
  friends: number;
}

// Each connection stays under the gateway's sustained rate (200 frames/s) so none is cut off.
const SENDS_PER_SECOND_PER_SOCKET = 180;
const IN_FLIGHT_PER_SOCKET = 24;

const LINES = [
  '好的，晚上见',
  'Did you see the video I sent? The one with the cat on the skateboard 🛹🐱',
  '哈哈哈哈哈 笑死我了',
  '明天早上九点在地铁站门口集合，别迟到\n记得带伞，天气预报说有雨',
  'ok',
  'That place near the river does great noodles, we should go again this weekend',
  '👍',
  '周末一起去爬山吗？香山的红叶应该正好',
];

/**
 * The account the client benchmark signs in as: `friends` friends, one-to-one chats with each,
 * groups up to `conversations` in all, and `messages` messages — half in one long pinned group
 * (the chat that is opened and scrolled), the rest spread over the other chats. Written through
 * the real API and gateway, as people would write them.
 */
export async function seedClientApp(url: string, options: SeedOptions): Promise<ClientAppSeed> {
  const started = Date.now();
  const password = 'bench password';
  const [me] = await registerUsers(url, 1, 'me');
  if (!me) throw new Error('no user');
  const friends = await registerUsers(url, options.friends, 'friend');
  await pool(friends, 8, async (friend) => {
    const { request } = await me.client.api.sendFriendRequest(friend.userId, 'bench');
    await friend.client.api.acceptFriendRequest(request.id);
  });
  const directs = await pool(friends, 8, async (friend) => ({
    id: await friend.client.api.openDirect(me.userId),
    senders: [friend],
  }));
  const long = await me.client.api.createGroup({
    memberIds: friends.map((f) => f.userId),
    name: 'Long chat 长聊',
  });
  await me.client.api.updateConversation(long.id, { pinned: true });
  const groupCount = Math.max(0, options.conversations - directs.length - 1);
  const groups = await pool(
    Array.from({ length: groupCount }, (_, i) => i),
    8,
    async (i) => {
      const a = friends[i % friends.length] as BenchUser;
      const b = friends[(i * 7 + 1) % friends.length] as BenchUser;
      const c = a === b ? (friends[(i + 1) % friends.length] as BenchUser) : b;
      const group = await me.client.api.createGroup({
        memberIds: [a.userId, c.userId],
        name: `Group ${i + 1}`,
      });
      return { id: group.id, senders: [a, c] };
    },
  );

  // Half of the messages in the long chat, the rest evenly over every other chat.
  const longCount = Math.floor(options.messages / 2);
  const others = [...directs, ...groups];
  const perOther = Math.floor((options.messages - longCount) / others.length);
  const plan = new Map<BenchUser, { conversationId: string; text: string }[]>();
  const add = (sender: BenchUser, conversationId: string, text: string) => {
    const list = plan.get(sender) ?? [];
    list.push({ conversationId, text });
    plan.set(sender, list);
  };
  for (let n = 1; n <= longCount; n++) {
    add(friends[n % friends.length] as BenchUser, long.id, `${LINES[n % LINES.length]} #${n}`);
  }
  for (const chat of others) {
    for (let n = 1; n <= perOther; n++) {
      add(chat.senders[n % chat.senders.length] as BenchUser, chat.id, `${LINES[n % LINES.length]} #${n}`);
    }
  }
  const sent = await Promise.all([...plan].map(([sender, sends]) => sendPaced(url, sender, sends)));
  const other = directs[0];
  const otherFriend = friends[0];
  if (!other || !otherFriend) throw new Error('no one-to-one chat');
  // The lanes above finish in no fixed order: one last line in each measured chat is the text
  // that tells the benchmark the chat's newest page is on screen. The other chat becomes the
  // newest one, right under the pinned long chat.
  const longNewest = 'The newest line of the long chat 长聊最新的一条';
  const otherNewest = 'The newest line of the other chat 另一个聊天最新的一条';
  const mine = await RawSocket.open(url, me.token);
  for (const [conversationId, text] of [
    [long.id, longNewest],
    [other.id, otherNewest],
  ] as const) {
    const reply = await mine.request('message.send', {
      conversationId,
      clientId: randomUUID(),
      content: { kind: 'text', text },
    });
    if (!reply.ok) throw new Error(`send refused: ${JSON.stringify(reply)}`);
  }
  mine.close();
  const total = sent.reduce((a, b) => a + b, 0) + 2;
  return {
    me,
    password,
    conversations: 1 + others.length,
    messages: total,
    longChat: { id: long.id, name: 'Long chat 长聊', messages: longCount + 1, newestText: longNewest },
    otherChat: { id: other.id, name: 'Bench 0', newestText: otherNewest },
    seconds: (Date.now() - started) / 1000,
  };
}

/** Sends in order on one socket, a few in flight, paced under the gateway's rate limit. */
async function sendPaced(
  url: string,
  sender: BenchUser,
  sends: { conversationId: string; text: string }[],
): Promise<number> {
  const socket = await RawSocket.open(url, sender.token);
  const started = Date.now();
  let next = 0;
  let done = 0;
  async function lane() {
    while (next < sends.length) {
      const { conversationId, text } = sends[next++] as { conversationId: string; text: string };
      const due = started + (next / SENDS_PER_SECOND_PER_SOCKET) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const reply = await socket.request('message.send', {
        conversationId,
        clientId: randomUUID(),
        content: { kind: 'text', text },
      });
      if (!reply.ok) throw new Error(`send refused: ${JSON.stringify(reply)}`);
      done++;
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT_PER_SOCKET }, lane));
  socket.close();
  return done;
}
