// Prompts: exemplar files, the templates cut from them, and the text sent to teacher and student.
export { DEFAULT_SHOTS, loadPromptTemplate, templateFromText, type PromptTemplate } from './template.js';
export { PROJECTION_INSTRUCTIONS, answerPrefix, buildPrompt, renderQuestion } from './build.js';
