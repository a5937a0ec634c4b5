/**
 * English messages of the customers pages' staff-managed parts (adding a customer, editing them,
 * their note and tags, their account); `customers-vi.ts` carries every key.
 */
export const customersEn = {
  // the list
  'customers.add': 'Add customer',
  'customers.tagFilter': 'Tag',
  'customers.tagFilterPlaceholder': 'e.g. vip, wholesale',

  // the add and edit dialogs
  'customers.addTitle': 'Add a customer',
  'customers.editTitle': 'Edit {name}',
  'customers.edit': 'Edit customer',
  'customers.emailHintNew': 'Where their e-mails go, and where they will sign in.',
  'customers.emailHintEdit': 'Also where they sign in, if they have an account.',
  'customers.firstName': 'First name',
  'customers.lastName': 'Last name',
  'customers.localeHint': 'The language of the e-mails they are sent.',
  'customers.locale.none': 'Not set (the store’s)',
  'customers.locale.en': 'English',
  'customers.locale.vi': 'Vietnamese',
  'customers.note': 'Staff note',
  'customers.noteHint': 'Only staff see it; the customer never does.',
  'customers.noNote': 'No note.',
  'customers.tags': 'Tags',
  'customers.tagsHint': 'Separated by commas; only staff see them.',
  'customers.firstAddress': 'Address',
  'customers.firstAddressHint':
    'Optional: their first address, in their name and with their phone, the default for shipping and billing. Leave it empty to add none.',
  'customers.consentGiven': 'Marketing they agreed to',
  'customers.consentEmail': 'Agreed to receive marketing e-mails',
  'customers.consentSms': 'Agreed to receive marketing text messages (SMS)',
  'customers.consentHint':
    'Tick only what the customer told you they agree to; it is recorded as given to staff.',
  'customers.inviteOnCreate': 'Send an invitation to create an account',
  'customers.inviteOnCreateHint':
    'They are e-mailed a link to choose a password (it works for 7 days). Without one they can still check out as a guest.',
  'customers.addedToast': 'Customer added.',
  'customers.addedInviteFailed':
    'Customer added, but the invitation could not be e-mailed. Send it again from the Account card.',
  'customers.savedToast': 'Customer saved.',
  'customers.unchanged': 'Nothing to save: no changes.',

  // the account card
  'customers.accountCard': 'Account',
  'customers.accountNone': 'None yet',
  'customers.accountNoneExplain':
    'They have no password: they check out as a guest with this e-mail address.',
  'customers.accountInvited': 'Invited',
  'customers.inviteExpires': 'Link works until',
  'customers.status.active': 'Active',
  'customers.status.disabled': 'Disabled',
  'customers.registeredAt': 'Registered on',
  'customers.invitationSent': 'Invitation sent',
  'customers.sendInvite': 'Send account invite',
  'customers.resendInvite': 'Resend invite',
  'customers.inviteExplain':
    'An e-mail with a link to choose a password. It works once, for 7 days; a new one replaces the last.',
  'customers.inviteSentToast': 'Invitation sent to {email}.',
  'customers.disable': 'Disable account',
  'customers.enable': 'Enable account',
  'customers.disableTitle': 'Disable the account of {name}?',
  'customers.disableExplain':
    'They are signed out everywhere at once, and cannot sign in, reset their password or accept an invitation until the account is enabled again. Their orders, addresses and other data stay.',
  'customers.disabledExplain': 'Disabled: they cannot sign in, and links e-mailed to them do not work.',
  'customers.disabledToast': 'Account disabled; they were signed out.',
  'customers.enabledToast': 'Account enabled.',
} satisfies Record<string, string>;
