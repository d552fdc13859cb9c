// The lines of the record files (format 2): every file is JSONL, append-only, one record per line.
import type { ScoredExtraction } from '../extract/types.js';
import type { Role, RuleName } from '../vocabulary.js';
import type { Cell, TeacherPass } from '../plan/types.js';
import type { DraftCounts, LogprobSummary, MethodTrace } from './method-records.js';
import type { FORMAT } from './format.js';

/** Times are performance.now() milliseconds of the session (one `gkt run` process) named. */
export interface RequestTiming {
  session: string;
  start: number;
  end: number;
  firstToken: number | null;
}

export interface RecordedError {
  kind: string;
  message: string;
  attempts: number;
  status?: number;
}

/** A reasoning model's thinking segment in a reply, kept apart from its answer. */
export interface ThinkingRecord {
  /** The segment's text, markers excluded (for a student, guidance it was given there included). */
  text: string;
  /** Tokens the model itself wrote in it; null where the server reported no token boundaries. */
  tokens: number | null;
  /** closed: the model closed it; budget: gkt closed it at the thinking budget; open: the reply ended inside it. */
  end: 'closed' | 'budget' | 'open';
}

/** `teacher/<pass-id>.jsonl`, first line. */
export interface PassHeader {
  type: 'pass';
  format: typeof FORMAT;
  pass: TeacherPass;
  gkt: string;
}

/** `teacher/<pass-id>.jsonl`: one line per item. */
export interface TeacherRecord {
  type: 'teacher';
  pass: string;
  item: string;
  index: number;
  promptSha256: string;
  /**
   * The teacher's completion, up to the pass's maxTokens tokens; null on error. A chat teacher's is its
   * reply's answer; a reasoning teacher's thinking is in `thinking`.
   */
  text: string | null;
  /** A reasoning teacher's thinking; absent for models without a thinking segment. */
  thinking?: ThinkingRecord | null;
  /**
   * Per-token end offsets in `text` (in `thinking.text` for a pass whose guidance is taken from the
   * thinking) and arrival times (ms after the request's start), one per token the server generated.
   * `inexact`: the tokens whose end is not exact (it lies inside a character, or the server's chunks did
   * not say which held which tokens); absent when every end is exact.
   */
  tokens: { end: number[]; at: Array<number | null>; inexact?: number[] } | null;
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: string | null;
  /** The model id the server named in its response. */
  responseModel: string | null;
  timing: RequestTiming | null;
  /** For static batches: which batch, and when it started (same session clock). */
  batch: { index: number; start: number } | null;
  attempts: number;
  cached: boolean;
  error: RecordedError | null;
}

/** A phase segment: one session's stretch of work on a pass or a cell, in either file. */
export interface SegmentRecord {
  type: 'segment';
  session: string;
  event: 'start' | 'end';
  /** performance.now() of the session. */
  at: number;
  /** Wall clock, ISO 8601. */
  wall: string;
  /** At `end`: items completed in this segment. */
  items?: number;
  /** At `start`: items this session requests again after they had failed (--retry-errors): earlier sessions' time holds their failed attempts. */
  redo?: number;
}

/** `cells/<cell-id>.jsonl`, first line. */
export interface CellHeader {
  type: 'cell';
  format: typeof FORMAT;
  cell: Cell;
  gkt: string;
}

export interface GuidanceRecord {
  pass: string;
  /** Where a reasoning teacher's guidance came from, and where the student continues it; absent: the answer. */
  segment?: 'thinking' | 'answer';
  /**
   * A reasoning teacher's thinking tokens behind this guidance: its N tokens when taken from the thinking,
   * all of its thinking when taken from the answer; null where the server reported no token boundaries.
   */
  thinkingTokens?: number | null;
  /** The guidance passed to the student (after the reference rule: text after the last `\nA:`, stripped). */
  text: string;
  /** The teacher's first N tokens as generated, before that rule. */
  raw: string;
  /**
   * Tokens the guidance holds (N, or fewer when the teacher stopped early, or when token N ended inside
   * a character and the cut was placed at the character boundary before it).
   */
  tokens: number;
  /** Present when the cut could not be placed exactly at token N (see TeacherRecord.tokens.inexact). */
  inexact?: true;
  promptSha256: string;
  promptTokens: number | null;
  timing: RequestTiming | null;
  /** ms after the teacher request's start when token N arrived (streamed), else null. */
  readyAt: number | null;
  /** True when cut short of the teacher's whole answer (its time is then the N-th token's arrival, derived). */
  derived: boolean;
  cached: boolean;
}

export interface StudentRecord {
  promptSha256: string;
  /** The student's continuation only (the guidance is not repeated), with any close marker gkt put in at the thinking budget. */
  text: string | null;
  /** A reasoning model's thinking segment of its whole assistant turn; absent for models without one. */
  thinking?: ThinkingRecord | null;
  /** A reasoning model's answer: what follows its thinking in the whole turn. Extraction reads it. */
  answer?: string;
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: string | null;
  /** The model id the server named in its response. */
  responseModel: string | null;
  timing: RequestTiming | null;
  attempts: number;
  cached: boolean;
  /** The answer block's mean token log-probability, for a single model asked for it (routers read it). */
  logprob?: LogprobSummary | null;
  /** A speculative server's draft tokens for this request, where it reports them per request (llama.cpp). */
  draft?: DraftCounts;
}

/** `cells/<cell-id>.jsonl`: one line per item. */
export interface ItemRecord {
  type: 'item';
  cell: string;
  item: string;
  index: number;
  /** The question as shown to the models (rendered for the prompt format). */
  question: string;
  gold: string;
  guidance: GuidanceRecord | null;
  student: StudentRecord | null;
  /** Each rule on guidance + continuation (gkt writes every rule; records of a gkt that lacked a rule lack it). */
  answers: Partial<Record<RuleName, ScoredExtraction>>;
  /** Each rule on the guidance alone (ACC_teacher); null for baselines. */
  teacherAnswers: Partial<Record<RuleName, ScoredExtraction>> | null;
  /** Set when the item could not be answered; it still counts, as wrong. */
  error: (RecordedError & { role: Role }) | null;
  /**
   * How a hand-off, cascade or router wrote the answer (its `student` then holds the whole answer: `text`
   * the answer, `completionTokens` its tokens). Absent for GKT and single cells.
   */
  method?: MethodTrace;
}
