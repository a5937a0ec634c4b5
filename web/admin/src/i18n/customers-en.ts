/**
 * English messages of the customers pages' staff-managed parts (adding a customer, editing them,
 * their note and tags, their account); `customers-vi.ts` carries every key.
 */
export const customersEn = {
  // the list
  'customers.add': 'Add customer',
  'customers.tagFilter': 'Tag',
  'customers.tagFilterPlaceholder': 'e.g. vip, wholesale',
  'customers.exportCsv': 'Export CSV',

  // importing a CSV file
  'customers.import.open': 'Import customers',
  'customers.import.title': 'Import customers from a CSV file',
  'customers.import.explain':
    'Add many customers at once from a CSV file. A customer export from Shopify works as it is, and so does a file exported here.',
  'customers.import.columns':
    'Columns read, by their name in the first row: Email (required), First Name, Last Name, Phone, Locale, Tags, Note, Accepts Email Marketing, Accepts SMS Marketing, and the address (Company, Address1, Address2, City, Province Code, Zip, Country Code). Other columns are ignored.',
  'customers.import.ruleSkipped':
    'An e-mail address the store already has is skipped: that customer is left as they are, never overwritten.',
  'customers.import.ruleNoEmail': 'Nobody is e-mailed: no invitation and no notice is sent.',
  'customers.import.ruleMax': 'At most {max} customers (rows) and 5 MB per file; split a longer one.',
  'customers.import.file': 'CSV file',
  'customers.import.start': 'Import',
  'customers.import.progress': 'Import progress',
  'customers.import.running':
    'Importing {file}… A file of a thousand customers takes a few seconds; keep this window open.',
  'customers.import.tooLarge': 'The file is larger than 5 MB. Split it into smaller files.',
  'customers.import.refused': 'The file was not imported.',
  'customers.import.summary': '{created} created, {skipped} skipped, {failed} failed',
  'customers.import.rowsRead': '{rows} rows read.',
  'customers.import.problems': 'Rows not created',
  'customers.import.problemsCut': 'The first {shown} of {total} are listed.',
  'customers.import.row': 'Row',
  'customers.import.outcome': 'Result',
  'customers.import.outcome.skipped': 'Skipped',
  'customers.import.outcome.failed': 'Failed',
  'customers.import.message': 'Why',
  'customers.import.another': 'Import another file',

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
