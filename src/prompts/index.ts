// Prompts: exemplar files, the templates cut from them, and the text sent to teacher and student.
export { splitExemplars } from './exemplars.js';
export { DEFAULT_SHOTS, loadPromptTemplate, promptFileName, templateFromText, type PromptTemplate } from './template.js';
export { PROJECTION_INSTRUCTIONS, answerPrefix, buildPrompt, renderQuestion } from './build.js';
