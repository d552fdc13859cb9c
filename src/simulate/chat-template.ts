// The simulator's own chat template: what its /props reports and what its chat route renders, as a real server's would.
import { chatTemplate, type ChatTemplate } from '../chat/template.js';

export const SIM_BOS = '<|sim_bos|>';
export const SIM_EOS = '<|sim_eos|>';
export const TURN_START = '<|turn|>';
export const TURN_END = '<|end|>\n';

/**
 * Turns as `<|turn|>role\n…<|end|>\n`. A reasoning profile whose generation prompt opens the thinking
 * segment (as DeepSeek-R1 distills do) writes `<think>\n` after the assistant's header.
 */
export function simulatorTemplateSource(opensThinking: boolean): string {
  const open = opensThinking ? "{{- '<think>\\n' -}}" : '';
  return [
    '{{- bos_token -}}',
    '{%- for message in messages -%}',
    `{{- '${TURN_START}' + message.role + '\\n' + message.content + '<|end|>\\n' -}}`,
    '{%- endfor -%}',
    '{%- if add_generation_prompt -%}',
    `{{- '${TURN_START}assistant\\n' -}}${open}`,
    '{%- endif -%}',
  ].join('\n');
}

export function simulatorTemplate(opensThinking: boolean, origin: string): ChatTemplate {
  return chatTemplate(simulatorTemplateSource(opensThinking), { bosToken: SIM_BOS, eosToken: SIM_EOS }, origin);
}
