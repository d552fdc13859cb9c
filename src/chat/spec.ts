// What a chat template is told when a config says nothing: its date (the formatting itself is ChatFormat in vocabulary.ts).

/** Llama 3.1's own fallback date, for templates that print one. */
export const DEFAULT_TEMPLATE_DATE = '2024-07-26';
