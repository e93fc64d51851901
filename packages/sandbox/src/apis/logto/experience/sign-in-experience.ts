// `GET /api/.well-known/sign-in-exp` (and `/experience`, its twin): the tenant's sign-in experience
// as a sign-in page renders it, built from the sandbox's Logto settings. What the sandbox has no
// setting for (branding, languages, captcha, ...) answers a new Logto tenant's value.
import { json } from '../../../http/reply.js';
import { DEFAULT_SENTINEL_POLICY, type SentinelPolicyConfig } from '../config.js';
import type { ExperienceSchemas } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { ExperienceHandler, ExperienceHandlers } from './session.js';

type SignInExperience = ExperienceSchemas['SignInExperience'];

const SETTINGS_ID = 'default';

/** The custom profile fields of the sign-up form: the required fields of the settings, as text inputs. */
function customProfileFields(call: LogtoCall): ExperienceSchemas['CustomProfileField'][] {
  const { tenantId, signUpProfileFields } = call.config;
  return signUpProfileFields.map((name, index) => ({
    tenantId,
    id: `field-${index + 1}`,
    name,
    type: 'Text',
    label: name,
    description: null,
    required: true,
    config: {},
    createdAt: 0,
    sieOrder: index + 1,
  }));
}

export function signInExperience(call: LogtoCall): SignInExperience {
  const config = call.config;
  const connectors = [...call.state.connectors.values()];
  const methods = config.signInMethods.map((m) => ({
    ...m,
    isPasswordPrimary: m.isPasswordPrimary ?? m.password,
  }));
  const codeFor = (identifier: 'email' | 'phone') =>
    methods.some((m) => m.identifier === identifier && m.verificationCode);
  const fields = customProfileFields(call);
  return {
    tenantId: config.tenantId,
    id: SETTINGS_ID,
    color: { primaryColor: '#6139F6', isDarkModeEnabled: false, darkPrimaryColor: '#8768F8' },
    branding: {},
    hideLogtoBranding: false,
    languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
    termsOfUseUrl: null,
    privacyPolicyUrl: null,
    agreeToTermsPolicy: 'Automatic',
    signIn: { methods },
    signUp: { ...config.signUp, secondaryIdentifiers: [] },
    socialSignIn: {},
    socialSignInConnectorTargets: connectors.filter((c) => c.kind === 'social').map((c) => c.id),
    signInMode: 'SignInAndRegister',
    customCss: null,
    customContent: {},
    customUiAssets: null,
    customUiCsp: {},
    passwordPolicy: {
      length: { min: config.passwordMinLength, max: 256 },
      characterTypes: { min: config.passwordCharacterTypes },
      // The sandbox checks neither breaches nor words: it says so rather than pretend.
      rejects: { pwned: false, repetitionAndSequence: false, userInfo: false, words: [] },
    },
    mfa: { factors: [...config.mfaFactors], policy: config.mfaPolicy },
    adaptiveMfa: { enabled: false },
    singleSignOnEnabled: connectors.some((c) => c.kind === 'sso'),
    supportEmail: null,
    supportWebsiteUrl: null,
    unknownSessionRedirectUrl: null,
    captchaPolicy: { enabled: false },
    // A tenant stores only what it changed; Logto fills in the rest from its defaults.
    sentinelPolicy: Object.fromEntries(
      Object.entries(config.sentinelPolicy).filter(
        ([name, value]) => DEFAULT_SENTINEL_POLICY[name as keyof SentinelPolicyConfig] !== value,
      ),
    ),
    verificationCodePolicy: { expirationDuration: config.verificationCodeLifetimeSeconds },
    passkeySignIn: { ...config.passkeySignIn },
    signUpProfileFields: fields.map(({ name }) => ({ name })),
    passwordExpiration: { enabled: false },
    usernamePolicy: {},
    socialConnectors: connectors
      .filter((c) => c.kind === 'social')
      .map((c) => ({
        id: c.id,
        target: c.id,
        name: { en: c.id },
        logo: '',
        logoDark: null,
        platform: 'Web',
      })),
    ssoConnectors: connectors
      .filter((c) => c.kind === 'sso')
      .map((c) => ({ id: c.id, connectorName: c.id, logo: '' })),
    forgotPassword: { email: codeFor('email'), phone: codeFor('phone') },
    isDevelopmentTenant: false,
    customProfileFields: fields,
  };
}

const getSignInExperience: ExperienceHandler<'GetSignInExperienceConfig'> = (_request, call) =>
  json(200, signInExperience(call));
const getWellKnownExperience: ExperienceHandler<'GetWellKnownExperience'> = (_request, call) =>
  json(200, signInExperience(call));

// A few English texts of the page, for pages that take their labels from the phrases: the sandbox
// has no translations, so every language answers these.
const PHRASES: ExperienceSchemas['PhraseTree'] = {
  input: {
    username: 'Username',
    email: 'Email',
    phone_number: 'Phone number',
    password: 'Password',
    verification_code: 'Verification code',
  },
  action: { sign_in: 'Sign in', create_account: 'Create account', continue: 'Continue' },
  error: {
    invalid_password: 'Password requires a minimum of {{min}} characters.',
    password_character_types: 'Password requires {{min}} types of characters.',
  },
};

const getPhrases: ExperienceHandler<'GetSignInExperiencePhrases'> = () => json(200, PHRASES);

export const signInExperienceHandlers = {
  GetSignInExperiencePhrases: getPhrases,
  GetSignInExperienceConfig: getSignInExperience,
  GetWellKnownExperience: getWellKnownExperience,
} satisfies Partial<ExperienceHandlers>;
