import type { Language } from '../languages';
import { byWaitingTime, type CaseRepository, type CaseTopic, type ClosedBy, type HandoffCase } from './case-store';

/**
 * Cases in memory, for the offline simulator (no Redis there). Behaves like the Redis store — the
 * same contract test runs against both — except that closed cases are kept until the process ends.
 */
export class MemoryCaseStore implements CaseRepository {
  private readonly cases = new Map<number, HandoffCase>();
  private readonly threads = new Map<number, number>();
  private readonly groupMessages = new Map<number, number>();
  private lastId = 0;

  async open(userId: number, language: Language, topic: CaseTopic, now: number): Promise<HandoffCase> {
    const existing = await this.openCaseOf(userId);
    if (existing) return existing;
    const created: HandoffCase = { id: ++this.lastId, userId, language, topic, status: 'open', openedAt: now };
    this.cases.set(created.id, created);
    return { ...created };
  }

  async get(id: number): Promise<HandoffCase | undefined> {
    const found = this.cases.get(id);
    return found ? { ...found } : undefined;
  }

  async openCaseOf(userId: number): Promise<HandoffCase | undefined> {
    const found = [...this.cases.values()].find((c) => c.userId === userId && c.status === 'open');
    return found ? { ...found } : undefined;
  }

  async byThread(threadId: number): Promise<HandoffCase | undefined> {
    const id = this.threads.get(threadId);
    return id === undefined ? undefined : this.get(id);
  }

  async byGroupMessage(messageId: number): Promise<HandoffCase | undefined> {
    const id = this.groupMessages.get(messageId);
    return id === undefined ? undefined : this.get(id);
  }

  async attachThread(caseId: number, threadId: number): Promise<void> {
    this.update(caseId, { threadId });
    this.threads.set(threadId, caseId);
  }

  async attachRoot(caseId: number, messageId: number): Promise<void> {
    this.update(caseId, { rootMessageId: messageId });
    await this.linkGroupMessage(caseId, messageId);
  }

  async linkGroupMessage(caseId: number, messageId: number): Promise<void> {
    if (this.cases.has(caseId)) this.groupMessages.set(messageId, caseId);
  }

  async noteUserMessage(caseId: number, language: Language, now: number): Promise<void> {
    const found = this.cases.get(caseId);
    if (found) this.update(caseId, { language, waitingSince: found.waitingSince ?? now });
  }

  async noteStaffReply(caseId: number, now: number): Promise<void> {
    this.update(caseId, { waitingSince: undefined, lastStaffReplyAt: now });
  }

  async close(caseId: number, by: ClosedBy, now: number): Promise<HandoffCase | undefined> {
    const found = this.cases.get(caseId);
    if (found?.status !== 'open') return undefined;
    this.update(caseId, { status: 'closed', closedAt: now, closedBy: by, waitingSince: undefined });
    return this.get(caseId);
  }

  async openCases(): Promise<HandoffCase[]> {
    return [...this.cases.values()].filter((c) => c.status === 'open').map((c) => ({ ...c })).sort(byWaitingTime);
  }

  async eraseUser(userId: number): Promise<void> {
    for (const [id, c] of this.cases) {
      if (c.userId !== userId) continue;
      this.cases.delete(id);
      for (const map of [this.threads, this.groupMessages]) for (const [key, value] of map) if (value === id) map.delete(key);
    }
  }

  private update(caseId: number, change: Partial<HandoffCase>): void {
    const found = this.cases.get(caseId);
    if (found) this.cases.set(caseId, { ...found, ...change });
  }
}
