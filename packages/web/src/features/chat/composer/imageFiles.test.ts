import { MAX_IMAGE_BYTES } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { refuseImageFile } from './imageFiles';

describe('image files', () => {
  it('takes any image type up to the size limit', () => {
    expect(refuseImageFile({ type: 'image/png', size: 10 })).toBeNull();
    expect(refuseImageFile({ type: 'image/heic', size: MAX_IMAGE_BYTES })).toBeNull();
  });

  it('refuses what is not an image, and images over 20 MB', () => {
    expect(refuseImageFile({ type: 'application/pdf', size: 10 })).toBe('notAnImage');
    expect(refuseImageFile({ type: '', size: 10 })).toBe('notAnImage');
    expect(refuseImageFile({ type: 'image/jpeg', size: MAX_IMAGE_BYTES + 1 })).toBe('imageTooLarge');
  });
});
