import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../app/i18n/index';

describe('the greeting a friend request offers', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });

  it('[#15] puts the name right after 我是, with no space, and after a space in English', () => {
    expect(i18n.getFixedT('zh-CN')('add.greetingDefault', { name: '林晓' })).toBe('我是林晓');
    expect(i18n.getFixedT('zh-CN')('add.greetingDefault', { name: 'Alice 爱丽丝' })).toBe('我是Alice 爱丽丝');
    expect(i18n.getFixedT('en')('add.greetingDefault', { name: 'Maya Lin' })).toBe('I’m Maya Lin');
  });
});
