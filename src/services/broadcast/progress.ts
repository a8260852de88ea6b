import { settledCount, type Notice } from './notice-store';
import type { NoticeView } from './ports';

/**
 * What the admin sees of a notice: how many are left and roughly how long it takes at the
 * bot's send rate, shared by the notices running at the same time.
 */
export function noticeView(notice: Notice, ratePerSecond: number, runningNotices = 1): NoticeView {
  const remaining = Math.max(0, notice.total - settledCount(notice.counts));
  const share = ratePerSecond / Math.max(1, runningNotices);
  const etaSeconds = notice.status === 'running' && share > 0 ? Math.ceil(remaining / share) : undefined;
  return { notice, remaining, etaSeconds };
}
