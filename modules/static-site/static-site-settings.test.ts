import { synth } from './static-site-fixture';

describe('StaticSite props', () => {
  it.each([
    [
      { name: 'Skyport' },
      '[stack/site] name: "Skyport" must be 2-31 lowercase letters, digits or hyphens, starting with a letter',
    ],
    [
      { priceClass: 'PriceClass_50' as never },
      '[stack/site] priceClass: "PriceClass_50" is not allowed; use one of "PriceClass_100", "PriceClass_200", "PriceClass_All"',
    ],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() => synth({ name: 'x', priceClass: 'PriceClass_50' as never })).toThrow(
      '[stack/site] name: "x" must be 2-31 lowercase letters, digits or hyphens, starting with a letter\n' +
        '[stack/site] priceClass: "PriceClass_50" is not allowed; use one of "PriceClass_100", "PriceClass_200", "PriceClass_All"',
    );
  });
});
