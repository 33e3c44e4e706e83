/** A price table with round numbers (fixtures/test-prices.json), so the fixtures' figures can be checked by hand. */
import path from 'node:path';
import { PriceTable } from './price-table';

export const TEST_PRICES_FILE = path.join(__dirname, 'fixtures', 'test-prices.json');
export const TEST_PRICES = PriceTable.load(TEST_PRICES_FILE);
