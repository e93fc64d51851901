// A custom sign-in page on the Experience API. The OIDC authorization request (/oidc/auth) has
// already created the interaction and its cookie; this page verifies the user and submits, then
// follows `redirectTo` back to the application.
import {
  ApiError,
  type CreatePasswordVerificationBody,
  createExperienceClient,
  type ExperienceComponents,
} from '@authspec/logto';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { applySettings, type SignInExperience } from './settings';

type Schemas = ExperienceComponents['schemas'];

const experience = createExperienceClient({ endpoint: location.origin, appId: 'sign-in-example' });
// The tenant's settings decide what the page offers and which profile fields it asks for.
let settingsRequest: Promise<SignInExperience> | undefined;
const settings = () => (settingsRequest ??= experience.getSignInExperience());

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector(selector) as T;
const field = (form: HTMLFormElement, name: string) =>
  (form.elements.namedItem(name) as HTMLInputElement).value.trim();

function show(step: string): void {
  for (const section of document.querySelectorAll<HTMLElement>('[data-step]'))
    section.hidden = section.id !== step;
}

function notify(kind: 'error' | 'notice', text: string): void {
  const box = $(`#${kind}`);
  box.textContent = text;
  box.hidden = text === '';
}

/** Run one user action: clear the messages, disable its button, and show what the API answered. */
async function act(button: HTMLButtonElement | null, run: () => Promise<void>): Promise<void> {
  notify('error', '');
  if (button) button.disabled = true;
  try {
    await run();
  } catch (error) {
    // The API's own message (e.g. "Wrong account or password."), with its code for support.
    const body = error instanceof ApiError ? (error.body as { message?: string } | undefined) : undefined;
    const message = body?.message ?? (error instanceof Error ? error.message : String(error));
    const box = $('#error');
    notify('error', message);
    box.dataset.code = error instanceof ApiError ? (error.code ?? '') : (error as Error).name;
  } finally {
    if (button) button.disabled = false;
  }
}

function onSubmit(form: string, run: (form: HTMLFormElement) => Promise<void>): void {
  const element = $<HTMLFormElement>(form);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(element.querySelector('button'), () => run(element));
  });
}

const email = (value: string) => ({ type: 'email' as const, value });
const identifierOf = (value: string): CreatePasswordVerificationBody['identifier'] =>
  value.includes('@')
    ? email(value)
    : /^\+?\d[\d\s-]+$/.test(value)
      ? { type: 'phone', value }
      : { type: 'username', value };

/** The redirect a sign-in's submit answers (only a password reset answers 204, without one). */
async function submitted(): Promise<string> {
  const result = await experience.submit();
  if (result.status !== 200) throw new Error(`submit answered ${result.status} without a redirect`);
  return result.data.redirectTo;
}

const isApiError = (error: unknown, code: string): error is ApiError =>
  error instanceof ApiError && error.code === code;

/** Submit the interaction; when the account needs a second factor or more profile data, ask for it instead. */
async function finish(): Promise<void> {
  try {
    const redirectTo = await submitted();
    location.assign(redirectTo);
  } catch (error) {
    if (isApiError(error, 'user.missing_profile')) return askForProfile(error, undefined);
    if (!isApiError(error, 'session.mfa.require_mfa_verification')) throw error;
    // Offer exactly the factors the account can verify now.
    const factors = (error.body as Schemas['MfaRequiredError']).data.availableFactors;
    $('#totp-form').hidden = !factors.includes('Totp');
    $('#backup-form').hidden = !factors.includes('BackupCode');
    $('#use-passkey').hidden = !factors.includes('WebAuthn');
    show('mfa');
  }
}

/**
 * Identify the user a verification proves; an address without an account registers one. Between
 * them, registration may answer `user.missing_profile`: then the page asks for those fields.
 */
async function identify(verificationId: string): Promise<void> {
  try {
    await experience.identifyUser({ verificationId });
  } catch (error) {
    if (!isApiError(error, 'user.user_not_exist')) throw error;
    await experience.updateInteractionEvent({ interactionEvent: 'Register' });
    return register(verificationId);
  }
  await finish();
}

async function register(verificationId: string): Promise<void> {
  try {
    await experience.identifyUser({ verificationId });
  } catch (error) {
    if (isApiError(error, 'user.missing_profile')) return askForProfile(error, verificationId);
    throw error;
  }
  await finish();
}

// The registration waiting for profile data (undefined: a sign-in waiting to submit again).
let registering: string | undefined;

/** Show the inputs of exactly the missing fields (`data.missingProfile`). */
async function askForProfile(error: ApiError, verificationId: string | undefined): Promise<void> {
  const missing = (error.body as Schemas['MissingProfileError']).data.missingProfile;
  const unsupported = missing.filter((f) => !['username', 'password', 'extraProfile'].includes(f));
  // An email or phone would need its own code round; this page keeps to typed-in fields.
  if (unsupported.length > 0) throw new Error(`This page cannot add: ${unsupported.join(', ')}`);
  registering = verificationId;
  for (const label of document.querySelectorAll<HTMLElement>('#profile-form [data-field]')) {
    const wanted = missing.includes(label.dataset.field as Schemas['MissingProfileField']);
    label.hidden = !wanted;
    label.querySelector('input')?.toggleAttribute('required', wanted);
  }
  const extra = $('#extra-fields');
  extra.replaceChildren();
  if (missing.includes('extraProfile')) {
    for (const { name, label, required } of (await settings()).customProfileFields) {
      const input = Object.assign(document.createElement('input'), { name, required });
      const row = document.createElement('label');
      row.append(`${label} `, input);
      extra.append(row);
    }
  }
  show('profile');
}

onSubmit('#profile-form', async (form) => {
  const visible = (name: string) => !($(`#profile-form [data-field=${name}]`) as HTMLElement).hidden;
  if (visible('username'))
    await experience.addUserProfile({ type: 'username', value: field(form, 'username') });
  if (visible('password'))
    await experience.addUserProfile({ type: 'password', value: field(form, 'password') });
  const extra = [...$('#extra-fields').querySelectorAll('input')];
  if (extra.length > 0) {
    const values = Object.fromEntries(extra.map((input) => [input.name, input.value.trim()]));
    await experience.addUserProfile({ type: 'extraProfile', values });
  }
  await (registering === undefined ? finish() : register(registering));
});

/** Register a passkey for the identified user and bind it as a second factor. */
async function addPasskey(): Promise<void> {
  const { verificationId, registrationOptions } = await experience.createWebAuthnRegistration();
  const credential = await startRegistration({ optionsJSON: registrationOptions as never });
  // Logto names the credential type "WebAuthn" where the browser says "public-key".
  const verified = await experience.verifyWebAuthnRegistration({
    verificationId,
    payload: { ...credential, type: 'WebAuthn' } as never,
  });
  await experience.bindMfaVerification({ type: 'WebAuthn', verificationId: verified.verificationId });
}

// Password sign-in (optionally adding a passkey before submitting).
onSubmit('#password-form', async (form) => {
  await experience.initInteraction({ interactionEvent: 'SignIn' });
  const { verificationId } = await experience.createPasswordVerification({
    identifier: identifierOf(field(form, 'identifier')),
    password: field(form, 'password'),
  });
  await experience.identifyUser({ verificationId });
  if ((form.elements.namedItem('addPasskey') as HTMLInputElement).checked) await addPasskey();
  await finish();
});

// Verification-code sign-in (an address without an account registers).
let codeVerificationId = '';
$('#use-code').addEventListener('click', () => show('code'));
onSubmit('#code-send-form', async (form) => {
  await experience.initInteraction({ interactionEvent: 'SignIn' });
  ({ verificationId: codeVerificationId } = await experience.createAndSendVerificationCode({
    identifier: email(field(form, 'email')),
    interactionEvent: 'SignIn',
  }));
  $('#code-verify-form').hidden = false;
  notify('notice', `We sent a code to ${field(form, 'email')}.`);
});
onSubmit('#code-verify-form', async (form) => {
  const address = field($<HTMLFormElement>('#code-send-form'), 'email');
  const { verificationId } = await experience.verifyCode({
    identifier: email(address),
    verificationId: codeVerificationId,
    code: field(form, 'code'),
  });
  await identify(verificationId);
});

// Second factors.
onSubmit('#totp-form', async (form) => {
  await experience.verifyTotp({ code: field(form, 'code') });
  await finish();
});
onSubmit('#backup-form', async (form) => {
  await experience.verifyBackupCode({ code: field(form, 'code') });
  await finish();
});
$<HTMLButtonElement>('#use-passkey').addEventListener('click', (event) =>
  act(event.currentTarget as HTMLButtonElement, async () => {
    const { verificationId, authenticationOptions } =
      await experience.createWebAuthnAuthenticationVerification();
    const assertion = await startAuthentication({ optionsJSON: authenticationOptions as never });
    await experience.verifyWebAuthnAuthentication({
      verificationId,
      payload: { ...assertion, type: 'WebAuthn' } as never,
    });
    await finish();
  }),
);

// Forgotten password.
let resetVerificationId = '';
$('#forgot').addEventListener('click', () => show('forgot-password'));
onSubmit('#forgot-send-form', async (form) => {
  await experience.initInteraction({ interactionEvent: 'ForgotPassword' });
  ({ verificationId: resetVerificationId } = await experience.createAndSendVerificationCode({
    identifier: email(field(form, 'email')),
    interactionEvent: 'ForgotPassword',
  }));
  $('#forgot-reset-form').hidden = false;
  notify('notice', `We sent a code to ${field(form, 'email')}.`);
});
onSubmit('#forgot-reset-form', async (form) => {
  const address = field($<HTMLFormElement>('#forgot-send-form'), 'email');
  const { verificationId } = await experience.verifyCode({
    identifier: email(address),
    verificationId: resetVerificationId,
    code: field(form, 'code'),
  });
  await experience.identifyUser({ verificationId });
  await experience.resetPassword({ password: field(form, 'password') });
  // A finished reset answers 204 without a redirect (Logto 1.42): back to this page to sign in.
  await experience.submit();
  const next = new URL(location.pathname, location.href);
  next.searchParams.set('reset', '1');
  location.assign(next);
});

/** A magic link: the one-time token and its email address arrive in the URL. */
async function magicLink(token: string, address: string): Promise<void> {
  await experience.initInteraction({ interactionEvent: 'SignIn' });
  const { verificationId } = await experience.verifyOneTimeToken({ identifier: email(address), token });
  // No account for this address yet: the same verification registers one.
  await identify(verificationId);
}

// What this URL asks for.
const params = new URLSearchParams(location.search);
if (location.pathname.endsWith('/callback')) {
  $('#title').textContent = 'Welcome back';
  $('#authorization-code').textContent = params.get('code') ?? '';
  $('#authorization-state').textContent = params.get('state') ?? '';
  show('signed-in');
} else if (params.get('one_time_token') && params.get('email')) {
  $('#title').textContent = 'Signing you in…';
  show('');
  void act(null, () => magicLink(params.get('one_time_token') ?? '', params.get('email') ?? ''));
} else {
  if (params.get('reset') === '1') notify('notice', 'Your password was changed. Sign in with the new one.');
  void act(null, async () => {
    applySettings(await settings());
    show('start');
  });
}
