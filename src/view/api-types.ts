// What the viewer's pages read, from the server or from a static bundle: plain JSON, the same in both.
import type { RuleName } from '../vocabulary.js';

/** plan/types.ts's CellKind, spelled out: the pages' build reads no module that needs node. */
type CellKind = 'gkt' | 'single' | 'handoff' | 'cascade' | 'route';

/** A value as the report prints it (`19.18`, `1.31×†`), with the number behind it for sorting. */
export interface Shown {
  text: string;
  value: number | null;
  /** Mark symbols carried by the value (`~`, `*`, `†`, ...), also inside `text`. */
  marks: string;
}

/** Items done of a phase, or of the whole sweep. */
export interface Progress {
  planned: number;
  done: number;
  errors: number;
  /** Items per second over the latest session's work (for the sweep: across every phase it worked on); null before two records. */
  rate: number | null;
  /** Seconds left at that rate; null when unknown, done, or nobody is working on it. */
  etaSeconds: number | null;
  /** Wall clock (ISO 8601) of the latest recorded request end, or of the latest segment when none. */
  lastActivity: string | null;
}

export interface PhaseProgress extends Progress {
  kind: 'pass' | 'cell';
  id: string;
  label: string;
  /** A segment started and not ended: the phase was being worked on when the files were read. */
  open: boolean;
}

export interface Dashboard extends Progress {
  phases: PhaseProgress[];
}

export interface CellRow {
  id: string;
  /** Position in plan order: what bundle file names use, never the id. */
  position: number;
  label: string;
  kind: CellKind;
  dataset: string;
  simulated: boolean;
  /** Cells whose items can be paired with this one (same dataset and item ids). */
  comparable: string[];
  studentAlone: string | null;
  planned: number;
  present: number;
  columns: Record<string, Shown>;
}

export interface CellsPayload {
  rule: RuleName;
  /** Column keys and headers, in table order. */
  columns: Array<{ key: string; header: string; numeric: boolean; title?: string }>;
  rows: CellRow[];
  /** Meaning of each mark symbol used. */
  legend: string[];
  /** What a reader must know before trusting these numbers (torn files, rules that cannot read a prompt format). */
  warnings: string[];
}

/** Which runs the pages show, and what a reader must know about them. */
export interface RunHeading {
  title: string;
  dirs: string[];
  runs: string[];
  gkt: { version: string | null; commit: string | null };
  /** Labels of simulated models. */
  simulated: string[];
  warnings: string[];
}

export interface RunPayload extends RunHeading {
  /** Why the last reload failed, while the pages keep showing what was read before. */
  reloadError: string | null;
  /** Counts up with every reload: pages fetch again when it changes. */
  version: number;
  readAt: string;
  live: boolean;
  dashboard: Dashboard;
}

export const ITEM_FLAGS = ['error', 'fallback', 'no-answer', 'cut', 'changed'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

export const VERDICTS = ['all', 'correct', 'wrong', 'missing'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ItemQuery {
  rule: RuleName;
  verdict: Verdict;
  /** Every flag listed must hold. */
  flags: ItemFlag[];
  /** Another cell to pair items with, and which discordant side to keep: b (this right, other wrong) or c (the reverse). */
  against: string | null;
  discordant: 'b' | 'c' | null;
  search: string;
  page: number;
  size: number;
}

export interface ItemRow {
  /** Position in the cell's planned items. */
  position: number;
  item: string;
  question: string;
  gold: string;
  answer: string | null;
  status: 'correct' | 'wrong' | 'failed' | 'missing';
  flags: ItemFlag[];
  errorKind: string | null;
  /** The other cell's verdict on the item under the same rule, when pairing. */
  other: 'correct' | 'wrong' | 'failed' | 'missing' | null;
}

export interface ItemsPayload {
  cell: string;
  query: ItemQuery;
  planned: number;
  matched: number;
  rows: ItemRow[];
  counts: { correct: number; wrong: number; failed: number; missing: number };
  /** McNemar's discordant pairs against `query.against`, over items both cells have. */
  pairs: { n: number; b: number; c: number } | null;
}

export interface Span {
  start: number;
  end: number;
}

export interface RuleEvidence {
  rule: RuleName;
  answer: string | null;
  correct: boolean;
  fired: string;
  explanation: string;
  matched: string | null;
  fallback: boolean;
  /** Where the matched text is: in the answer (offsets into it), in the prompt (the reference rule reads it too), or nowhere. */
  where: 'answer' | 'prompt' | null;
  span: Span | null;
  /** The stored verdict, when re-extraction gave another. */
  stored: { answer: string | null; correct: boolean } | null;
}

export interface TimelineBar {
  label: string;
  role: 'teacher' | 'student';
  /** ms from the axis origin. */
  start: number;
  end: number;
  /** Points on the bar: first token, token N of the guidance. */
  ticks: Array<{ at: number; label: string }>;
}

export interface Timeline {
  /** One axis per session clock: times of different processes are not comparable. */
  axes: Array<{ session: string; length: number; bars: TimelineBar[] }>;
}

export interface PromptPayload {
  cell: string;
  exemplars: string;
}

export interface RequestFacts {
  /** The model id the response named. */
  responseModel: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: string | null;
  attempts: number | null;
  cached: boolean;
  latencyMs: number | null;
}

export interface ItemDetail {
  cell: { id: string; label: string; kind: CellKind; dataset: string; rule: RuleName };
  item: string;
  position: number;
  planned: number;
  prev: string | null;
  next: string | null;
  status: 'answered' | 'failed' | 'missing';
  question: string;
  gold: string;
  /** The prompt up to the answer; its exemplars are fetched apart (they are the same for every item of the cell). */
  prompt: {
    /** The projection instruction the teacher's prompt starts with ('' for the cutoff projection and single models). */
    instruction: string;
    shots: number;
    exemplarChars: number;
    /** The text between the exemplars and the answer: ` Q: {question}\nA: `. */
    tail: string;
  } | null;
  /** Guidance followed by the student's continuation: what the rules read. */
  answer: string;
  /** Characters of `answer` that are the teacher's guidance. */
  guidanceChars: number;
  /**
   * Where the teacher wrote the answer of a hand-off, cascade or router (character ranges of `answer`): each
   * teacher segment of a hand-off, the whole answer of an item a cascade escalated or a router sent to the
   * teacher; empty for every other cell.
   */
  teacherSpans: Array<{ start: number; end: number }>;
  guidance: { tokens: number; derived: boolean; raw: string; teacherText: string | null; request: RequestFacts } | null;
  student: RequestFacts | null;
  rules: RuleEvidence[];
  /** Each rule on the guidance alone (ACC_teacher). */
  teacherRules: RuleEvidence[] | null;
  error: { kind: string; message: string; attempts: number; role: string; status: number | null } | null;
  timeline: Timeline;
}

/** Items per file of item pages in a bundle. */
export const BUNDLE_CHUNK = 50;

/** What a bundle's `data/run.js` holds: everything the cells page needs, and where each cell's files are. */
export interface BundleRun {
  run: RunPayload;
  cells: Record<RuleName, CellsPayload>;
  /** Per cell id: its folder number under data/cells/ and its dataset's table number under data/tables/. */
  files: Array<{ cell: string; folder: number; table: number; prompt: boolean }>;
}

/** The file of a bundle that holds `key` (a script assigning `gktBundle[key]`). */
export function bundlePath(key: string): string {
  return `data/${key}.js`;
}
