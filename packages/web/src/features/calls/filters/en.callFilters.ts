import type { Messages } from '../../../app/i18n/zhCN';

/** Strings of the call filters: the panel's sections, the looks' and stickers' names, its notices. */
export const enCallFilters: Pick<Messages, 'callFilters'> = {
  callFilters: {
    title: 'Beauty and filters',
    looks: 'Filters',
    beauty: 'Beauty',
    beautyHint: 'Smooth and brighten',
    beautyOff: 'Beauty off',
    stickers: 'Stickers',
    original: 'None',
    noSticker: 'None',
    lookNames: {
      cream: 'Cream',
      film: 'Film',
      fresh: 'Fresh',
      mono: 'B&W',
      sakura: 'Sakura',
      sunny: 'Sunny',
      cool: 'Cool',
      retro: 'Retro',
      forest: 'Forest',
    },
    stickerNames: {
      catEars: 'Cat',
      glasses: 'Glasses',
      blush: 'Blush',
      bunnyEars: 'Bunny',
      crown: 'Crown',
      heartEyes: 'Hearts',
      puppyNose: 'Puppy',
    },
    eased: 'Effects eased to keep your video smooth on this device',
    stickersLoading: 'Getting stickers ready…',
    stickersUnavailable: 'Stickers aren’t available on this device',
  },
};
