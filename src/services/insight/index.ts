export { anonymiseQuestion, MAX_QUESTION_CHARS, REMOVED } from './anonymise';
export {
  COUNTER_DAYS,
  dayOf,
  InsightStore,
  lastDays,
  type InsightReport,
  type InsightStoreOptions,
  type PeriodFigures,
  type QuestionGroup,
  type VoteCounts,
  type VoteKind,
} from './insight-store';
export { faqKnownWords } from './known-words';
export { median, percentile } from './percentiles';
export { groupId, questionSignature } from './question-groups';
export { dailyChartSvg, type ChartDay, type ChartLabels } from './daily-chart';
