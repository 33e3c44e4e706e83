import { synth } from './static-site-fixture';

describe('StaticSite props', () => {
  it.each([
    [
      { name: 'Skyport' },
      'StaticSite: name "Skyport" must be 2-31 lowercase letters, digits or hyphens, starting with a letter',
    ],
    [
      { priceClass: 'PriceClass_50' as never },
      'StaticSite: priceClass "PriceClass_50" is not one of PriceClass_100, PriceClass_200, PriceClass_All',
    ],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
