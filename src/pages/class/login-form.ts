export interface Credentials {
  username: string;
  password: string;
}

export interface LoginForm {
  /** Shows the form again, with why the last attempt did not work. */
  show(error?: string): void;
  hide(): void;
  /** A progress line under the button, e.g. "Connecting to ws://…". */
  status(text: string): void;
}

/**
 * The class graph's login: user (admin by default) and password. The password stays in
 * the field and the connection, never in the address or storage: the page is projected.
 */
export function mountLoginForm(form: HTMLFormElement, onSubmit: (credentials: Credentials) => void): LoginForm {
  const error = form.querySelector<HTMLElement>('[data-role="error"]')!;
  const progress = form.querySelector<HTMLElement>('[data-role="status"]')!;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    onSubmit({ username: field('username').value.trim(), password: field('password').value });
  });

  return {
    show(message) {
      form.hidden = false;
      button.disabled = false;
      progress.textContent = '';
      error.textContent = message ?? '';
      error.hidden = !message;
      field('password').select();
    },
    hide() {
      form.hidden = true;
      button.disabled = false;
    },
    status(text) {
      progress.textContent = text;
    },
  };
}
