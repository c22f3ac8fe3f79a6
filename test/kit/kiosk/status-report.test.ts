import { describe, expect, it } from 'vitest';
import { kioskStatus, statusTopic } from '../../../src/kit/kiosk/status-report.js';
import { topicProblem } from '../../../src/mqtt/topics.js';

describe('kiosk status reports', () => {
  it('go to kit/status/<clientId>, a valid topic whatever the id holds', () => {
    expect(statusTopic('gallery-left')).toBe('kit/status/gallery-left');
    for (const id of ['a/b', 'a+b', 'a#b']) {
      expect(statusTopic(id)).toBe('kit/status/a_b');
      expect(topicProblem(statusTopic(id))).toBeUndefined();
    }
  });

  it('say the state, the page, and the reloads with the newest one\'s reason', () => {
    const now = Date.UTC(2025, 0, 1, 12);
    expect(kioskStatus('running', '/sketches/hello/', [], now)).toEqual({ state: 'running', page: '/sketches/hello/', at: '2025-01-01T12:00:00.000Z', reloads: 0 });
    const recent = [{ at: now - 2000, reason: 'a' }, { at: now - 1000, reason: 'no frame drawn for 10 s' }];
    expect(kioskStatus('reloading', '/p/', recent, now, 'no frame drawn for 10 s')).toEqual({
      state: 'reloading', page: '/p/', at: '2025-01-01T12:00:00.000Z', reason: 'no frame drawn for 10 s', reloads: 2,
      lastReload: { reason: 'no frame drawn for 10 s', at: '2025-01-01T11:59:59.000Z' },
    });
  });
});
