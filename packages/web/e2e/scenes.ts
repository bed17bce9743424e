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
  /** The chat with the open friend, oldest first; it is pinned. */
  chat: { mine: boolean; text: string }[];
  /** A group of friends (usernames; `me` is mine) talking, with a photo after line `photoAfter`. */
  group: { name: string; members: string[]; lines: { from: string; text: string }[]; photoAfter: number };
  /** A friend whose chat I muted, with messages I have not read (a grey badge). */
  muted: { username: string; lines: string[] };
  /** A friend whose chat I read and then marked unread (a dot). */
  markedUnread: { username: string; line: string };
  /** A friend who said `line`, and my unsent `text` in reply (a draft). */
  draft: { username: string; line: string; text: string };
  /**
   * A friend who writes while I am away: `read` before, `unread` fresh for each picture run (the
   * unread line), and `late` while I read older lines (the "new messages" button).
   */
  unread: { username: string; read: string[]; unread: string[]; late: string };
  /** A friend who removed me after saying `line`: my `text` to them is refused by the server. */
  gone: { username: string; line: string; text: string };
  /** What is typed in the list's search box, the quick switcher and the emoji picker. */
  queries: { list: string; switcher: string; emoji: string };
  /** Friends ticked in the "new group" dialog. */
  picks: string[];
  /**
   * Short videos in the chat with `open`: theirs upright with a comment longer than the card is
   * wide, mine landscape; and the clip picked in the "post a video" dialog, with its caption.
   */
  videos: {
    theirs: { caption: string; comment: string };
    mine: { caption: string; comment: string };
    post: { fileName: string; caption: string };
  };
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
    group: {
      name: '周末爬山小分队',
      members: ['chenjing', 'zhangwei', 'zhoujie', 'liuyang'],
      lines: [
        { from: 'chenjing', text: '大家周六有空吗？去香山看红叶 🍁' },
        { from: 'zhangwei', text: '我可以！' },
        { from: 'zhangwei', text: '几点集合？' },
        { from: 'me', text: '八点，地铁站 A 口' },
        { from: 'liuyang', text: '上次拍的，山顶的风景很好' },
        { from: 'zhoujie', text: '哇，太美了 😍 我也去' },
      ],
      photoAfter: 4,
    },
    muted: { username: 'emmawang', lines: ['团购的咖啡豆到了', '记得来拿', '放在前台了'] },
    markedUnread: { username: 'lina', line: '周日的网球改到下午三点' },
    draft: { username: 'wanglei', line: '会议资料整理好了吗？', text: '明天的会议资料我晚点发你' },
    unread: {
      username: 'zhaomin',
      read: [
        '上次说的那家店',
        '叫什么名字来着？',
        '我想周末带爸妈去',
        '你记得吗？',
        '好像在鼓楼附近',
        '门口有棵大槐树',
        '菜单上有糖醋排骨',
        '还有一道桂花糯米藕',
        '老板是杭州人',
        '我们去年秋天去过',
        '那天还下雨了',
        '算了我自己找找',
      ],
      unread: ['找到了！叫“小院子”', '周末人多，要提前订位', '我订了周六中午 12 点'],
      late: '你要不要一起来？',
    },
    gone: { username: 'guoqiang', line: '这个号以后不用了', text: '好的，新号加你' },
    queries: { list: '静', switcher: 'zh', emoji: '笑' },
    picks: ['chenjing', 'lina', 'zhoujie'],
    videos: {
      theirs: { caption: '香山的红叶', comment: '上周末拍的，山顶的红叶全红了，周六我们就走这条路线' },
      mine: { caption: '海边日落', comment: '我这边也拍了一段 🌅' },
      post: { fileName: '香山日出.mp4', caption: '早上六点的香山，值得早起 ⛰️' },
    },
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
    group: {
      name: 'Weekend hikers',
      members: ['alice.chen', 'chloe', 'hannah', 'daniel.wu'],
      lines: [
        { from: 'alice.chen', text: 'Anyone free on Saturday? The leaves are turning 🍁' },
        { from: 'chloe', text: "I'm in!" },
        { from: 'chloe', text: 'What time?' },
        { from: 'me', text: '8 am at the station, exit A' },
        { from: 'daniel.wu', text: 'From last time: the view from the top' },
        { from: 'hannah', text: 'Wow, gorgeous 😍 count me in' },
      ],
      photoAfter: 4,
    },
    muted: {
      username: 'grace.kim',
      lines: ['The coffee beans arrived', 'Come and get yours', 'They are at the front desk'],
    },
    markedUnread: { username: 'emma.w', line: 'Tennis moved to 3 pm on Sunday' },
    draft: {
      username: 'ben.carter',
      line: 'Are the slides ready?',
      text: "I'll send the slides later tonight",
    },
    unread: {
      username: 'frank',
      read: [
        'That place you mentioned',
        'What was it called?',
        'I want to take my parents',
        'Do you remember?',
        'Somewhere near the old town',
        'A big tree by the door',
        'Sweet and sour ribs on the menu',
        'And lotus root with osmanthus',
        'The owner is from Hangzhou',
        'We went there last autumn',
        'It was raining that day',
        "Never mind, I'll look it up",
      ],
      unread: ['Found it! "The Little Yard"', 'Busy on weekends, book ahead', 'I booked Saturday at noon'],
      late: 'Want to join us?',
    },
    gone: { username: 'oscar', line: "I'm not using this account any more", text: 'OK, adding your new one' },
    queries: { list: 'al', switcher: 'ch', emoji: 'laugh' },
    picks: ['alice.chen', 'emma.w', 'hannah'],
    videos: {
      theirs: {
        caption: 'Red leaves on the ridge',
        comment: 'Filmed last weekend: the whole ridge has turned red, this is the trail we take on Saturday',
      },
      mine: { caption: 'Sunset by the sea', comment: 'I filmed one too 🌅' },
      post: {
        fileName: 'sunrise-ridge.mp4',
        caption: 'Six in the morning on the ridge, worth the early start ⛰️',
      },
    },
  },
};
