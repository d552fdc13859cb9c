// The token ids `/tokenize` hands out, remembered (up to a bound) so `/detokenize` can map them back.
import { ApiError } from './api-error.js';
import { tokenId, tokenize } from './tokenizer.js';

export interface Vocabulary {
  encode(text: string): number[];
  decode(ids: unknown): string;
}

/**
 * The oldest ids are forgotten past `limit`, so a long-running simulator's memory stays bounded. Ids are
 * the tokens' hashes under `name`: simulators naming different vocabularies give one token different ids.
 */
export function createVocabulary(limit: number, name = 'gkt'): Vocabulary {
  const known = new Map<number, string>();
  const salt = name === 'gkt' ? '' : `${name}\u0000`;
  return {
    encode(text) {
      return tokenize(text).map((token) => {
        const id = tokenId(salt + token);
        known.delete(id);
        known.set(id, token);
        if (known.size > limit) known.delete(known.keys().next().value!);
        return id;
      });
    },
    decode(ids) {
      if (!Array.isArray(ids)) throw new ApiError(400, 'tokens must be a list of token ids', { param: 'tokens' });
      return ids
        .map((id: unknown) => {
          const token = typeof id === 'number' ? known.get(id) : undefined;
          if (token === undefined) {
            throw new ApiError(400, `token id ${String(id)} is unknown: the simulator only decodes ids its /tokenize returned`, {
              param: 'tokens',
            });
          }
          return token;
        })
        .join('');
    },
  };
}
