/**
 * The tracking page of a parcel, from its carrier's name and tracking number, for the carriers
 * whose public tracking links are stable: staff who type "UPS" and a number need not paste a URL,
 * and the shipping e-mail and the order page get a "Track it" link. Another carrier's parcel keeps
 * the URL staff give (or none).
 */
const CARRIERS: { name: RegExp; url: (n: string) => string }[] = [
  { name: /^ups$/, url: (n) => `https://www.ups.com/track?tracknum=${n}` },
  { name: /^usps$/, url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` },
  { name: /^fedex$/, url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}` },
  { name: /^dhl( express)?$/, url: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}&brand=DHL` },
  { name: /^royal mail$/, url: (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}` },
  {
    name: /^canada post$/,
    url: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/details/${n}`,
  },
  { name: /^australia post$/, url: (n) => `https://auspost.com.au/mypost/track/#/details/${n}` },
];

export function trackingUrlFor(
  carrier: string | undefined,
  trackingNumber: string | undefined,
): string | null {
  if (!carrier || !trackingNumber) return null;
  const name = carrier.trim().toLowerCase().replace(/\s+/g, ' ');
  const known = CARRIERS.find((c) => c.name.test(name));
  return known ? known.url(encodeURIComponent(trackingNumber.trim())) : null;
}

/** The carriers `trackingUrlFor` knows, for the API's description. */
export const TRACKED_CARRIERS = 'UPS, USPS, FedEx, DHL, Royal Mail, Canada Post, Australia Post';
