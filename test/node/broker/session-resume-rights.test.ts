// A persistent session keeps its subscriptions and its queue across connections, whoever
// logs in with its client id next. What it delivers is decided by the profile of the
// connection that resumes it, not the one that subscribed: a student who reuses the
// teacher's client id must not read the teacher's queued messages.
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/node/broker/index.js';
import { collect, useHarness, waitFor } from './harness.js';

const h = useHarness();

const profiles: Profile[] = [
  { username: 'teacher', password: 'chalk', publish: ['#'], subscribe: ['secret/#', 'open/#'] },
  // No right to read secret/… at all; open/… is there for the sentinel.
  { username: 'student', password: 'pencil', publish: [], subscribe: ['open/#'] },
];

describe('a persistent session resumed under another profile', () => {
  it('does not deliver the queued secret/x, nor a live one, to a profile that may not read secret/', async () => {
    const { broker } = await h.startBroker({ profiles });
    const url = broker.urls.tcp;
    const teacher = await h.connect(url, { clientId: 'desk-1', clean: false, username: 'teacher', password: 'chalk' });
    await teacher.subscribeAsync(['secret/#', 'open/#'], { qos: 1 });
    await teacher.endAsync();
    const publisher = await h.connect(url, { clientId: 'publisher', username: 'teacher', password: 'chalk' });
    // Queued for the session while it is away, in this order.
    await publisher.publishAsync('secret/x', 'exam answers', { qos: 1 });
    await publisher.publishAsync('open/end', 'queued sentinel', { qos: 1 });

    const student = h.open(url, { clientId: 'desk-1', clean: false, username: 'student', password: 'pencil' });
    const seen = collect(student);
    const connack = await new Promise<{ sessionPresent: boolean }>((resolve) => student.once('connect', resolve));
    // The session really was resumed, with the teacher's subscriptions.
    expect(connack.sessionPresent).toBe(true);
    await waitFor(() => seen.some((m) => m.text === 'queued sentinel'), 'the queued sentinel');
    await publisher.publishAsync('secret/x', 'live answers', { qos: 1 });
    await publisher.publishAsync('open/end', 'live sentinel', { qos: 1 });
    await waitFor(() => seen.some((m) => m.text === 'live sentinel'), 'the live sentinel');
    expect(seen.map((m) => `${m.topic}=${m.text}`)).toEqual(['open/end=queued sentinel', 'open/end=live sentinel']);
  });
});
