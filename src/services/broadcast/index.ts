export { Audience, matchesTarget, targetSchema, type LanguageLookup, type Recipient, type Target } from './target';
export { NoticeStore, settledCount, type DeliveryCounts, type NewNotice, type Notice, type NoticeStatus, type Outcome, type TransitionResult } from './notice-store';
export type { NoticeTransport, NoticeView, ProgressReporter, SendFailure } from './ports';
export { noticeView } from './progress';
export { RateGate } from './rate-gate';
export { broadcastSettingsFromConfig, DEFAULT_BROADCAST_SETTINGS, type BroadcastSettings } from './settings';
export { startDeliveryRuntime, type DeliveryRuntime, type DeliveryRuntimeDeps } from './runtime';
export { DraftStore, draftSchema, type NoticeDraft } from './drafts';
export { parseMoscowTime, tomorrowInMoscowAt } from './schedule';
