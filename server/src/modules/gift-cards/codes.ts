import { createHash, randomInt } from 'node:crypto';

/**
 * Gift card codes: 16 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in
 * groups of four (`K7QF-2MZX-9RTA-PW3C`): 80 random bits, so guessing one is hopeless even
 * without the rate limit. Carton keeps only the SHA-256 of the normalised code, like a password
 * that needs no salt (the code itself is random), and its last four characters to recognise it.
 */

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 16;

export function newGiftCardCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

/** What the shopper typed, as the code is kept: upper case, without spaces and dashes. */
function normaliseGiftCardCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function giftCardCodeHash(typed: string): string {
  return createHash('sha256').update(normaliseGiftCardCode(typed)).digest('hex');
}

export function lastCharacters(typed: string): string {
  return normaliseGiftCardCode(typed).slice(-4);
}
