// Price sheets and config prices: valid sheets parse, every bad line is refused with its file and line.
import { describe, expect, it } from 'vitest';
import { mergePrices, parsePriceSheet, priceFor, pricesFromConfig } from '../../src/report/prices.js';
import { UsageError } from '../../src/util/errors.js';
import { modelInfo } from './builders.js';

const HEADER = 'model,input_per_1k,output_per_1k,gpu_hour';

describe('parsePriceSheet', () => {
  it('reads token prices, GPU-hour prices and empty cells as no price', () => {
    const sheet = parsePriceSheet(`${HEADER}\nchatgpt,0.0015,0.002,\nllama2-70b,,,8\n`, 'prices.csv');
    expect(sheet.get('chatgpt')).toEqual({ inputPer1k: 0.0015, outputPer1k: 0.002, gpuHour: null, source: 'prices.csv' });
    expect(sheet.get('llama2-70b')).toEqual({ inputPer1k: null, outputPer1k: null, gpuHour: 8, source: 'prices.csv' });
  });

  it('accepts a byte-order mark, columns in any order and in any case, spaces and blank lines', () => {
    const sheet = parsePriceSheet(`\uFEFFGPU_Hour, Model ,output_per_1k,input_per_1k\n\n 2.5 , llama2-7b , , \n`, 'p.csv');
    expect(sheet.get('llama2-7b')?.gpuHour).toBe(2.5);
  });

  it.each([
    ['', 'p.csv: line 1: empty price sheet'],
    ['model,input_per_1k,output_per_1k\n', 'p.csv: line 1: the header must be model,input_per_1k,output_per_1k,gpu_hour (missing "gpu_hour")'],
    [`${HEADER},currency\n`, 'p.csv: line 1: the header must be model,input_per_1k,output_per_1k,gpu_hour (unknown column "currency")'],
    [`${HEADER}\nchatgpt,cheap,,\n`, 'p.csv: line 2: input_per_1k "cheap" is not a number of 0 or more'],
    [`${HEADER}\nchatgpt,0.1,,\nllama,,,-2\n`, 'p.csv: line 3: gpu_hour "-2" is not a number of 0 or more'],
    [`${HEADER}\n,0.1,0.2,\n`, 'p.csv: line 2: model is empty'],
    [`${HEADER}\nchatgpt,0.1,0.2,\nchatgpt,0.3,0.4,\n`, 'p.csv: line 3: model "chatgpt" is priced twice'],
    [`${HEADER}\nchatgpt,,,\n`, 'p.csv: line 2: model "chatgpt" has no price (give token prices or gpu_hour)'],
  ])('refuses %j', (text, message) => {
    expect(() => parsePriceSheet(text, 'p.csv')).toThrow(UsageError);
    expect(() => parsePriceSheet(text, 'p.csv')).toThrow(message);
  });

  it('refuses a row with the wrong number of cells, naming the file and the line', () => {
    expect(() => parsePriceSheet(`${HEADER}\nchatgpt,0.1,0.2,,extra\n`, 'p.csv')).toThrow(/^p\.csv: .*line 2/);
  });
});

describe('prices from the config and their precedence', () => {
  const config = {
    prices: { chatgpt: { inputPer1k: 0.0015, outputPer1k: 0.002 } },
    models: { chatgpt: { prices: { gpuHour: 99 } }, 'llama2-7b': { prices: { gpuHour: 2 } }, plain: {} },
  };

  it('reads config.prices first and config.models.<name>.prices where it names no price', () => {
    const table = pricesFromConfig(config, 'run/manifest.json');
    expect(table.get('chatgpt')?.inputPer1k).toBe(0.0015);
    expect(table.get('chatgpt')?.gpuHour).toBeNull();
    expect(table.get('llama2-7b')?.gpuHour).toBe(2);
    expect(table.has('plain')).toBe(false);
  });

  it.each([
    [{ prices: [] }, 'run/manifest.json: config.prices must be an object keyed by model'],
    [{ prices: { m: { perToken: 1 } } }, 'run/manifest.json: config.prices.m.perToken is not a price field'],
    [{ models: { m: { prices: { gpuHour: -1 } } } }, 'run/manifest.json: config.models.m.prices.gpuHour must be a number of 0 or more'],
  ])('refuses %j', (bad, message) => {
    expect(() => pricesFromConfig(bad, 'run/manifest.json')).toThrow(message);
  });

  it('lets a sheet override the config, and matches a model by config name or by a served id', () => {
    const merged = mergePrices(pricesFromConfig(config, 'm.json'), parsePriceSheet(`${HEADER}\nllama2-7b,,,3\nmeta-llama/Llama-2-13b-hf,,,4\n`, 's.csv'));
    expect(priceFor(merged, undefined, 'llama2-7b')?.gpuHour).toBe(3);
    const thirteen = { ...modelInfo('llama2-13b', 'Llama2-13B'), served: ['meta-llama/Llama-2-13b-hf'] };
    expect(priceFor(merged, thirteen, 'llama2-13b')?.gpuHour).toBe(4);
    expect(priceFor(merged, modelInfo('other', 'Other'), 'other')).toBeNull();
  });
});
