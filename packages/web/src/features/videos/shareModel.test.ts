import { MAX_SHARE_TARGETS } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { makeConversation, makeTextMessage } from '../../app/state/testBuilders';
import {
  friendTarget,
  type ShareTarget,
  shareableChats,
  shareOutcome,
  targetKey,
  toggleTarget,
} from './shareModel';

const chat = (conversationId: string): ShareTarget => ({ kind: 'chat', conversationId });
const friend = (userId: string): ShareTarget => ({ kind: 'friend', userId });

describe('share selection', () => {
  it('ticks in the order picked and unticks on a second tap', () => {
    let picked = toggleTarget([], chat('a')).picked;
    picked = toggleTarget(picked, friend('u')).picked;
    picked = toggleTarget(picked, chat('b')).picked;
    expect(picked.map(targetKey)).toEqual(['chat:a', 'friend:u', 'chat:b']);
    picked = toggleTarget(picked, friend('u')).picked;
    expect(picked.map(targetKey)).toEqual(['chat:a', 'chat:b']);
  });

  it('refuses a tenth pick and leaves the nine as they were, but a picked one may still be unticked', () => {
    let picked: ShareTarget[] = [];
    for (let i = 0; i < MAX_SHARE_TARGETS; i++) picked = toggleTarget(picked, chat(`c${i}`)).picked;
    expect(picked).toHaveLength(9);
    const tenth = toggleTarget(picked, chat('c9'));
    expect(tenth.full).toBe(true);
    expect(tenth.picked.map(targetKey)).toEqual(picked.map(targetKey));
    const untick = toggleTarget(picked, chat('c3'));
    expect(untick.full).toBe(false);
    expect(untick.picked).toHaveLength(8);
    expect(toggleTarget(untick.picked, chat('c9')).picked).toHaveLength(9);
  });

  it('picks a friend found by the search as their one-to-one chat when the list has it', () => {
    const direct = makeConversation({ kind: 'direct', peerId: 'bob' });
    const left = makeConversation({ kind: 'direct', peerId: 'carol', active: false });
    expect(friendTarget('bob', [direct, left])).toEqual(chat(direct.id));
    // A chat I am no longer in is no way to reach them: a new one is opened when sending.
    expect(friendTarget('carol', [direct, left])).toEqual(friend('carol'));
    expect(friendTarget('dan', [direct, left])).toEqual(friend('dan'));
    const picked = toggleTarget([], chat(direct.id)).picked;
    expect(toggleTarget(picked, friendTarget('bob', [direct])).picked).toEqual([]);
  });

  it('offers the chats in the list order, less those left or dissolved', () => {
    const a = makeConversation({ pinned: true });
    const gone = makeConversation({ kind: 'group', active: false });
    const dissolved = makeConversation({ kind: 'group', dissolved: true, active: false });
    const b = makeConversation({ kind: 'group' });
    expect(shareableChats([a, gone, dissolved, b]).map((c) => c.id)).toEqual([a.id, b.id]);
  });
});

describe('share outcome', () => {
  it('counts the chats sent to and keeps each refused one with its own reason', () => {
    const picked = [chat('a'), friend('u'), chat('b'), friend('v')];
    const chatOf = new Map([
      ['chat:a', 'a'],
      ['friend:u', 'du'],
      ['chat:b', 'b'],
    ]);
    const openErrors = new Map([['friend:v', 'NOT_FRIENDS']]);
    const message = makeTextMessage({ conversationId: 'a' });
    const outcome = shareOutcome(picked, chatOf, openErrors, {
      results: [
        { conversationId: 'a', message },
        { conversationId: 'du', message: { ...message, conversationId: 'du' } },
        { conversationId: 'b', error: { code: 'CONVERSATION_NOT_FOUND', message: 'gone' } },
      ],
    });
    expect(outcome.sent).toBe(2);
    expect(outcome.refused).toEqual([
      { target: chat('b'), code: 'CONVERSATION_NOT_FOUND' },
      { target: friend('v'), code: 'NOT_FRIENDS' },
    ]);
  });

  it('calls a chat the answer does not mention not sent, rather than sent', () => {
    const outcome = shareOutcome([chat('a')], new Map([['chat:a', 'a']]), new Map(), { results: [] });
    expect(outcome).toEqual({ sent: 0, refused: [{ target: chat('a'), code: 'UNKNOWN' }] });
  });
});
