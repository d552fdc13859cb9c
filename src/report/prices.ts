// Per-model prices: read from run configs or a CSV price sheet, validated, and matched to models.
import { parse } from 'csv-parse/sync';
import { UsageError } from '../util/errors.js';
import type { ModelInfo } from './run-data.js';

export interface ModelPrice {
  inputPer1k: number | null;
  outputPer1k: number | null;
  gpuHour: number | null;
  /** Where the price came from, for the report's notes. */
  source: string;
}

/** Keyed by config name or served model id. */
export type PriceTable = Map<string, ModelPrice>;

const PRICE_FIELDS = ['inputPer1k', 'outputPer1k', 'gpuHour'] as const;
const SHEET_COLUMNS = ['model', 'input_per_1k', 'output_per_1k', 'gpu_hour'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function priceFromObject(value: unknown, where: string, source: string): ModelPrice {
  if (!isRecord(value)) throw new UsageError(`${where} must be an object of prices`);
  const price: ModelPrice = { inputPer1k: null, outputPer1k: null, gpuHour: null, source };
  for (const [key, raw] of Object.entries(value)) {
    if (!(PRICE_FIELDS as readonly string[]).includes(key)) {
      throw new UsageError(`${where}.${key} is not a price field (expected ${PRICE_FIELDS.join(', ')})`);
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
      throw new UsageError(`${where}.${key} must be a number of 0 or more`);
    }
    price[key as (typeof PRICE_FIELDS)[number]] = raw;
  }
  return price;
}

/**
 * Prices a run config holds: `config.prices.<model>` and `config.models.<model>.prices`
 * (the first wins where both name a model). `file` is the manifest, named in errors.
 */
export function pricesFromConfig(config: unknown, file: string): PriceTable {
  const table: PriceTable = new Map();
  if (!isRecord(config)) return table;
  const top = config['prices'];
  if (top !== undefined) {
    if (!isRecord(top)) throw new UsageError(`${file}: config.prices must be an object keyed by model`);
    for (const [model, value] of Object.entries(top)) {
      table.set(model, priceFromObject(value, `${file}: config.prices.${model}`, 'config'));
    }
  }
  const models = config['models'];
  if (isRecord(models)) {
    for (const [model, spec] of Object.entries(models)) {
      if (!isRecord(spec) || spec['prices'] === undefined || spec['prices'] === null || table.has(model)) continue;
      table.set(model, priceFromObject(spec['prices'], `${file}: config.models.${model}.prices`, 'config'));
    }
  }
  return table;
}

function sheetNumber(text: string, column: string, path: string, line: number): number | null {
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(`${path}: line ${line}: ${column} "${text}" is not a number of 0 or more`);
  }
  return value;
}

/** A CSV price sheet with the header `model,input_per_1k,output_per_1k,gpu_hour`; empty cells mean no price. */
export function parsePriceSheet(text: string, path: string): PriceTable {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof rows;
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const [header, ...body] = rows;
  if (header === undefined) throw new UsageError(`${path}: line 1: empty price sheet (expected the header ${SHEET_COLUMNS.join(',')})`);
  const names = header.record.map((name) => name.toLowerCase());
  const unknown = names.find((name) => !(SHEET_COLUMNS as readonly string[]).includes(name));
  const missing = SHEET_COLUMNS.find((name) => !names.includes(name));
  if (unknown !== undefined || missing !== undefined) {
    throw new UsageError(`${path}: line ${header.info.lines}: the header must be ${SHEET_COLUMNS.join(',')}${unknown !== undefined ? ` (unknown column "${unknown}")` : ` (missing "${missing}")`}`);
  }
  const column = (name: (typeof SHEET_COLUMNS)[number]): number => names.indexOf(name);
  const table: PriceTable = new Map();
  for (const { record, info } of body) {
    const line = info.lines;
    const model = record[column('model')] ?? '';
    if (model === '') throw new UsageError(`${path}: line ${line}: model is empty`);
    if (table.has(model)) throw new UsageError(`${path}: line ${line}: model "${model}" is priced twice`);
    const price: ModelPrice = {
      inputPer1k: sheetNumber(record[column('input_per_1k')] ?? '', 'input_per_1k', path, line),
      outputPer1k: sheetNumber(record[column('output_per_1k')] ?? '', 'output_per_1k', path, line),
      gpuHour: sheetNumber(record[column('gpu_hour')] ?? '', 'gpu_hour', path, line),
      source: path,
    };
    if (price.inputPer1k === null && price.outputPer1k === null && price.gpuHour === null) {
      throw new UsageError(`${path}: line ${line}: model "${model}" has no price (give token prices or gpu_hour)`);
    }
    table.set(model, price);
  }
  return table;
}

/** A sheet's prices on top of the config's: a model the sheet names takes the sheet's price. */
export function mergePrices(base: PriceTable, over: PriceTable): PriceTable {
  return new Map([...base, ...over]);
}

/** The price for a model, matched by config name first, then by any served model id. */
export function priceFor(table: PriceTable, model: ModelInfo | undefined, name: string): ModelPrice | null {
  const direct = table.get(name);
  if (direct !== undefined) return direct;
  for (const id of model?.served ?? []) {
    const price = table.get(id);
    if (price !== undefined) return price;
  }
  return null;
}
