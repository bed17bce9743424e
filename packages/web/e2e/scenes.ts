// The people in the screenshots, one cast per language so each picture reads naturally.

type Rgb = [number, number, number];

export interface Cast {
  me: { username: string; name: string; signature: string; avatar: [Rgb, Rgb, Rgb] };
  friends: {
    username: string;
    name: string;
    signature?: string;
    remark?: string;
    avatar?: [Rgb, Rgb, Rgb];
  }[];
  /** Pending requests to me, with greetings. */
  incoming: { username: string; name: string; greeting: string }[];
  /** A request to me that I accepted (shown as "Added"). */
  accepted: { username: string; name: string; greeting: string };
  /** A request to me that I declined. */
  declined: { username: string; name: string; greeting: string };
  /** My request still waiting. */
  outgoing: { username: string; name: string; greeting: string };
  /** Someone to find in "Add friend". */
  stranger: { username: string; name: string; signature: string; avatar: [Rgb, Rgb, Rgb] };
  /** The friend whose profile is open. */
  open: string;
  /** The chat with the open friend, oldest first. */
  chat: { mine: boolean; text: string }[];
}

const SUNSET: [Rgb, Rgb, Rgb] = [
  [255, 154, 120],
  [214, 76, 120],
  [255, 236, 190],
];
const SEA: [Rgb, Rgb, Rgb] = [
  [96, 178, 230],
  [40, 90, 170],
  [240, 250, 255],
];
const FOREST: [Rgb, Rgb, Rgb] = [
  [120, 200, 150],
  [30, 110, 90],
  [250, 245, 200],
];
const DUSK: [Rgb, Rgb, Rgb] = [
  [150, 130, 230],
  [60, 50, 120],
  [255, 210, 230],
];

export const CASTS: Record<'zh-CN' | 'en', Cast> = {
  'zh-CN': {
    me: { username: 'linxiao', name: '林晓', signature: '周末一起去爬山吧 ⛰️', avatar: SUNSET },
    friends: [
      { username: 'chenjing', name: '陈静', signature: '今天也要好好吃饭 🍜', avatar: SEA },
      { username: 'wanglei', name: '王磊' },
      { username: 'zhangwei', name: '张伟', remark: '伟哥', signature: '在路上', avatar: FOREST },
      { username: 'liuyang', name: '刘洋', signature: '摄影 | 旅行' },
      { username: 'lina', name: '李娜', signature: '🎾 网球爱好者' },
      { username: 'zhaomin', name: '赵敏' },
      { username: 'ajie', name: '阿杰' },
      { username: 'emmawang', name: 'Emma Wang' },
      { username: 'xiaoyu', name: '小鱼🐟' },
      { username: 'zhoujie', name: '周杰', avatar: DUSK },
      { username: 'bailu', name: '白露' },
      { username: 'guoqiang', name: '郭强' },
      { username: 'daniel', name: 'Daniel' },
    ],
    incoming: [
      { username: 'sunyue', name: '孙悦', greeting: '我是孙悦，上周摄影展上加过你' },
      { username: 'heyichen', name: '何以琛', greeting: '你好，我是小何，阿杰推荐的' },
    ],
    accepted: { username: 'mashuai', name: '马帅', greeting: '我是马帅' },
    declined: { username: 'tuiguang', name: '推广小助手', greeting: '优惠活动了解一下' },
    outgoing: { username: 'wufan', name: '吴凡', greeting: '我是林晓' },
    stranger: { username: 'xusong', name: '许嵩', signature: '写歌的人，偶尔拍视频', avatar: DUSK },
    open: 'chenjing',
    chat: [
      { mine: false, text: '周六去香山吗？听说红叶正好 🍁' },
      { mine: false, text: '我查了天气，晴天，不太冷' },
      { mine: true, text: '好呀！几点出发？' },
      { mine: false, text: '早上八点地铁站见？\n路线在这里 https://map.example.com/xiangshan' },
      { mine: true, text: '没问题，我带水和零食 🥤' },
    ],
  },
  en: {
    me: { username: 'mayalin', name: 'Maya Lin', signature: 'Hiking this weekend? ⛰️', avatar: SUNSET },
    friends: [
      { username: 'alice.chen', name: 'Alice Chen', signature: 'Coffee first ☕', avatar: SEA },
      { username: 'ben.carter', name: 'Ben Carter' },
      {
        username: 'chloe',
        name: 'Chloe',
        remark: 'Chloe (climbing)',
        signature: 'On the road',
        avatar: FOREST,
      },
      { username: 'daniel.wu', name: 'Daniel Wu', signature: 'Photos & trips' },
      { username: 'emma.w', name: 'Emma Wang', signature: '🎾 tennis' },
      { username: 'frank', name: 'Frank' },
      { username: 'grace.kim', name: 'Grace Kim' },
      { username: 'hannah', name: 'Hannah', avatar: DUSK },
      { username: 'wang.lei', name: '王磊' },
      { username: 'leo', name: 'Leo 🦁' },
      { username: 'nina', name: 'Nina' },
      { username: 'oscar', name: 'Oscar' },
    ],
    incoming: [
      { username: 'sophie.m', name: 'Sophie Martin', greeting: 'Hi! We met at the photo walk last week' },
      { username: 'tom.h', name: 'Tom Hughes', greeting: "Hey, it's Tom from Frank's party" },
    ],
    accepted: { username: 'sam.lee', name: 'Sam Lee', greeting: "I'm Sam" },
    declined: { username: 'promo.bot', name: 'Deals Daily', greeting: 'Big discounts today!' },
    outgoing: { username: 'olivia', name: 'Olivia', greeting: "I'm Maya" },
    stranger: {
      username: 'ruby.song',
      name: 'Ruby Song',
      signature: 'I write songs and sometimes film them',
      avatar: DUSK,
    },
    open: 'alice.chen',
    chat: [
      { mine: false, text: 'Hiking on Saturday? The autumn leaves are at their best 🍁' },
      { mine: false, text: 'Checked the weather: sunny and not too cold' },
      { mine: true, text: 'Sounds great! What time?' },
      { mine: false, text: 'Meet at the station at 8?\nThe route: https://map.example.com/trail' },
      { mine: true, text: "Deal. I'll bring water and snacks 🥤" },
    ],
  },
};
