// The gallery's broker selector: the kit's own broker, shiftr.io's public one, or a URL the
// user types. The markup is in index.html; this wires it up and says which broker applies.
import { maskUrl } from '../../mqtt/url.js';
import { chooseBrokerUrl } from '../../kit/broker-choice.js';
import { pieceConfig } from '../../kit/piece-config.js';
import { pageBrokerAddress } from '../../kit/page-broker.js';
import type { PageTexts } from '../../texts/page-texts.js';
import {
  brokerUrlOf, brokerUrlProblem, browserStorage, loadSetting, saveSetting, type BrokerKind, type BrokerSetting,
} from './broker-setting.js';

/**
 * Restores the saved choice, then calls `apply` with the URL sketch links should carry
 * (undefined: the kit's own broker) at once and after every change that passes the check.
 * A URL that fails the check is explained next to the field and never applied.
 */
export function mountBrokerSelector(form: HTMLFormElement, texts: PageTexts, apply: (url: string | undefined) => void): void {
  const storage = browserStorage();
  let setting = loadSetting(storage);
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[name="broker"]')];
  const customBox = form.querySelector<HTMLElement>('#custom-broker')!;
  const input = form.querySelector<HTMLInputElement>('#custom-url')!;
  const error = form.querySelector<HTMLElement>('#custom-url-error')!;
  const current = form.querySelector<HTMLElement>('#broker-current')!;

  const commit = (next: BrokerSetting) => {
    setting = next;
    saveSetting(storage, setting);
    show();
    apply(brokerUrlOf(setting));
  };

  const show = () => {
    const url = brokerUrlOf(setting);
    if (url !== undefined) return current.replaceChildren(texts.linksConnectTo, code(maskUrl(url)), '.');
    const built = chooseBrokerUrl(undefined, '');
    if (built !== undefined) {
      // kit.config.json (npm run serve) wins over the build's VITE_MQTT_URL, as in chooseBrokerUrl.
      const source = pieceConfig().broker ? texts.pieceConfigSource : 'VITE_MQTT_URL';
      return current.replaceChildren(texts.sketchesConnectTo, code(maskUrl(built)), texts.setUpFor(source));
    }
    current.replaceChildren(
      texts.sketchesConnectTo,
      code(pageBrokerAddress()),
      import.meta.env.DEV ? texts.ownBrokerDev : texts.ownBrokerBuilt,
    );
  };

  const setError = (message: string) => {
    error.textContent = message;
    error.hidden = message === '';
    input.setAttribute('aria-invalid', String(message !== ''));
  };

  for (const radio of radios) {
    radio.checked = radio.value === setting.kind;
    radio.addEventListener('change', () => {
      const kind = radio.value as BrokerKind;
      customBox.hidden = kind !== 'custom';
      setError('');
      if (kind !== 'custom') return commit({ ...setting, kind });
      // A custom URL applies once one has passed the check; until then the links stay as they were.
      if (setting.custom) commit({ ...setting, kind });
      input.focus();
    });
  }
  customBox.hidden = setting.kind !== 'custom';

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = input.value.trim();
    const problem = brokerUrlProblem(url);
    if (problem) return setError(problem);
    setError('');
    // Cleared once used: from here on the URL is shown masked, so its password is not on screen.
    input.value = '';
    commit({ kind: 'custom', custom: url });
  });
  input.addEventListener('input', () => setError(''));

  show();
  apply(brokerUrlOf(setting));
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}
