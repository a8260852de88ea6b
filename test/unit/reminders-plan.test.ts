import * as ical from 'node-ical';
import {
  computeDeadlines,
  createWorkCalendar,
  decreeList,
  localDate,
  shippedDecrees,
  type DeadlineInput,
} from '../../src/services/deadlines';
import {
  addMonths,
  alertsOf,
  alertTime,
  nextDaytime,
  paidUntilAfterPaying,
  planDeadlines,
  timeZoneOfRegion,
  wallClockIn,
  writeCalendar,
} from '../../src/services/reminders';

const calendar = createWorkCalendar(decreeList(shippedDecrees));
const TODAY = localDate(2026, 3, 10);
const tajikWorker = (patent: DeadlineInput['patent'] = { issued: false }): DeadlineInput => ({
  citizenship: 'TJ',
  entryDate: localDate(2026, 3, 5),
  purpose: 'work',
  patent,
  daysSpentThisYearBeforeEntry: 0,
});

describe('planning reminders from the calculator result', () => {
  it('given a Tajik worker who entered on 5 March 2026, every deadline still ahead is planned with its rule, and nothing of the answers', () => {
    const planned = planDeadlines(computeDeadlines(tajikWorker(), TODAY, calendar), TODAY);
    expect(planned).toEqual([
      { kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' },
      { kind: 'fingerprinting-medical', due: '2026-04-04', rule: 'fingerprinting-medical' },
      { kind: 'patent-application', due: '2026-04-04', rule: 'patent' },
      { kind: 'stay-limit', due: '2026-06-02', rule: 'stay-limit' },
      // The medical documents' year ends a year after the last day to pass the examination, at the latest.
      { kind: 'medical-renewal', due: '2027-04-04', rule: 'fingerprinting-medical' },
    ]);
    // Only dates, kinds and rules: no entry date, citizenship field or purpose is kept.
    expect(JSON.stringify(planned)).not.toMatch(/entry|citizenship|purpose|2026-03-05/);
  });

  it('given a patent paid until 14 March, the payment is planned on the last paid day and the stay limit (extended by the patent) is not', () => {
    const planned = planDeadlines(computeDeadlines(tajikWorker({ issued: true, paidUntil: localDate(2026, 3, 14) }), TODAY, calendar), TODAY);
    expect(planned.find((d) => d.kind === 'patent-payment')).toEqual({ kind: 'patent-payment', due: '2026-03-14', rule: 'patent' });
    expect(planned.some((d) => d.kind === 'stay-limit' || d.kind === 'patent-application')).toBe(false);
  });

  it('given deadlines that have passed, nothing is planned for them', () => {
    const planned = planDeadlines(computeDeadlines(tajikWorker(), localDate(2026, 4, 10), calendar), localDate(2026, 4, 10));
    expect(planned.map((d) => d.kind)).toEqual(['stay-limit', 'medical-renewal']);
  });

  it('given a registration counted into a year without its decree, the plan says which year is provisional', () => {
    const input: DeadlineInput = { ...tajikWorker(), citizenship: 'OTHER_VISA_FREE', entryDate: localDate(2026, 12, 28), purpose: 'private' };
    const today = localDate(2026, 12, 29);
    const registration = planDeadlines(computeDeadlines(input, today, calendar), today).find((d) => d.kind === 'registration');
    expect(registration?.provisionalYears).toEqual([2027]);
  });

  it('alerts come 3 days before and on the last day (the medical year 14 days before), only those still ahead', () => {
    const planned = planDeadlines(computeDeadlines(tajikWorker(), TODAY, calendar), TODAY);
    const ids = alertsOf(planned, localDate(2026, 3, 18)).map((a) => a.id);
    expect(ids).toEqual([
      'registration.20260320.0',
      'fingerprinting-medical.20260404.3',
      'fingerprinting-medical.20260404.0',
      'patent-application.20260404.3',
      'patent-application.20260404.0',
      'stay-limit.20260602.3',
      'stay-limit.20260602.0',
      'medical-renewal.20270404.14',
      'medical-renewal.20270404.0',
    ]);
  });
});

describe('the patent paid period in months', () => {
  it.each([
    ['paid until 14 March, one month more: until 14 April', localDate(2026, 3, 14), 1, localDate(2026, 4, 14)],
    ['paid until 14 March, two months more: until 14 May', localDate(2026, 3, 14), 2, localDate(2026, 5, 14)],
    ['paid until 31 January (from 1 February): until 28 February', localDate(2026, 1, 31), 1, localDate(2026, 2, 28)],
    ['paid until 28 February (from 1 March): until 31 March', localDate(2026, 2, 28), 1, localDate(2026, 3, 31)],
    ['paid until 31 January in a leap year: until 29 February', localDate(2028, 1, 31), 1, localDate(2028, 2, 29)],
    ['paid until 30 November, three months more: until 28 February', localDate(2026, 11, 30), 3, localDate(2027, 2, 28)],
    ['paid until 14 December, one month more: until 14 January', localDate(2026, 12, 14), 1, localDate(2027, 1, 14)],
  ])('%s', (_name, paidUntil, months, expected) => {
    expect(paidUntilAfterPaying(paidUntil, months)).toEqual(expected);
  });

  it('months are 1 to 12; anything else is refused', () => {
    expect(() => paidUntilAfterPaying(localDate(2026, 3, 14), 0)).toThrow(RangeError);
    expect(() => paidUntilAfterPaying(localDate(2026, 3, 14), 1.5)).toThrow(RangeError);
    expect(addMonths(localDate(2026, 1, 31), 13)).toEqual(localDate(2027, 2, 28));
  });
});

describe('when in the day', () => {
  it('an alert goes out at 10:00 in the region’s time zone, Moscow time without a region', () => {
    const [alert] = alertsOf([{ kind: 'registration', due: '2026-03-20', rule: 'registration-tajikistan' }]);
    expect(new Date(alertTime(alert!, timeZoneOfRegion(undefined))).toISOString()).toBe('2026-03-17T07:00:00.000Z');
    expect(new Date(alertTime(alert!, timeZoneOfRegion('ekb'))).toISOString()).toBe('2026-03-17T05:00:00.000Z');
    expect(new Date(alertTime(alert!, timeZoneOfRegion('nsk'))).toISOString()).toBe('2026-03-17T03:00:00.000Z');
    expect(timeZoneOfRegion('spb')).toBe('Europe/Moscow');
  });

  it('never at night: before 08:00 it waits for 10:00 that morning, from 21:00 for 10:00 the next morning', () => {
    const moscow = 'Europe/Moscow';
    const noon = Date.parse('2026-03-17T09:00:00Z');
    expect(nextDaytime(moscow, noon)).toBe(noon);
    expect(new Date(nextDaytime(moscow, Date.parse('2026-03-17T00:30:00Z'))).toISOString()).toBe('2026-03-17T07:00:00.000Z');
    expect(new Date(nextDaytime(moscow, Date.parse('2026-03-31T19:30:00Z'))).toISOString()).toBe('2026-04-01T07:00:00.000Z');
    // 00:30 in Novosibirsk is still evening (20:30) in Moscow: each person's own clock counts.
    const night = Date.parse('2026-03-16T17:30:00Z');
    expect(wallClockIn('Asia/Novosibirsk', night).hour).toBe(0);
    expect(new Date(nextDaytime('Asia/Novosibirsk', night)).toISOString()).toBe('2026-03-17T03:00:00.000Z');
    expect(nextDaytime(moscow, night)).toBe(night);
  });
});

describe('the calendar file', () => {
  const events = [
    {
      uid: 'registration-2026-03-20@migrant-help-bot',
      date: localDate(2026, 3, 20),
      title: 'Қайди муҳоҷиратӣ (бақайдгирӣ)',
      description: 'То 20 марти соли 2026 (ҳамин рӯз низ); a long line with commas, semicolons; and a \\ backslash.\n\nҚоида: Созишномаи байни ФР ва Тоҷикистон аз 08.02.2013 (тасдиқшуда), ки сатри дарозро дар 75 октет мешиканад.',
      alarmDaysBefore: [3, 0],
    },
    { uid: 'patent-payment-2026-03-14@migrant-help-bot', date: localDate(2026, 3, 14), title: 'Patent: the last paid day', description: 'Pay.', alarmDaysBefore: [3, 0] },
  ];
  const text = writeCalendar(events, new Date('2026-03-10T09:00:00Z'), 'Мӯҳлатҳои ман');

  it('parses with an iCalendar parser: one all-day event per deadline on its date, titles as given, alarms at 10:00', () => {
    const parsed = ical.sync.parseICS(text);
    const vevents = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    expect(vevents).toHaveLength(2);
    const registration = vevents.find((e) => e.uid === 'registration-2026-03-20@migrant-help-bot')!;
    expect(registration.summary).toBe('Қайди муҳоҷиратӣ (бақайдгирӣ)');
    expect(registration.datetype).toBe('date');
    expect(registration.start.toISOString().slice(0, 10)).toBe('2026-03-20');
    expect(registration.end?.toISOString().slice(0, 10)).toBe('2026-03-21');
    expect(registration.description).toBe(events[0]!.description);
    const alarms = (registration as unknown as { alarms: Array<{ action: string; trigger: string }> }).alarms;
    // 3 days before at 10:00 (start − 2 days 14 hours), and 10:00 on the day.
    expect(alarms.map((a) => [a.action, a.trigger])).toEqual([['DISPLAY', '-P2DT14H'], ['DISPLAY', 'PT10H']]);
  });

  it('follows RFC 5545 framing: CRLF lines of at most 75 octets, folded without cutting a letter', () => {
    const lines = text.split('\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('DTSTART;VALUE=DATE:20260314');
  });
});
