// The publish form: topic, payload (sent as the text typed), QoS and the retain flag.
import { topicProblem } from '../../mqtt/topics.js';
import type { PublishOptions, QoS } from '../../mqtt/types.js';

/** Resolves to why it was not sent, or undefined once sent (acknowledged, for QoS 1 and 2). */
export type Publish = (topic: string, payload: string, options: Required<PublishOptions>) => Promise<string | undefined>;

export function mountPublishForm(form: HTMLFormElement, publish: Publish): void {
  const topic = form.querySelector<HTMLInputElement>('#publish-topic')!;
  const payload = form.querySelector<HTMLTextAreaElement>('#publish-payload')!;
  const qos = form.querySelector<HTMLSelectElement>('#publish-qos')!;
  const retain = form.querySelector<HTMLInputElement>('#publish-retain')!;
  const result = form.querySelector<HTMLElement>('#publish-result')!;

  const say = (text: string, failed: boolean) => {
    result.textContent = text;
    result.classList.toggle('error', failed);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = topic.value;
    const problem = topicProblem(name);
    topic.setAttribute('aria-invalid', String(problem !== undefined));
    if (problem) return say(problem, true);
    const options = { qos: Number(qos.value) as QoS, retain: retain.checked };
    const how = `QoS ${options.qos}${options.retain ? ', retained' : ''}`;
    say(`Publishing on ${name} (${how})…`, false);
    void publish(name, payload.value, options).then((failure) => {
      if (failure) say(`Not sent: ${failure}`, true);
      else say(`Published on ${name} (${how})${options.qos > 0 ? ', acknowledged by the broker' : ''}.`, false);
    });
  });
  topic.addEventListener('input', () => topic.setAttribute('aria-invalid', 'false'));
}
