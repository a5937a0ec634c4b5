/** An address as lines for display. */
export interface AddressLike {
  first_name?: string;
  last_name?: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postal_code?: string;
  country: string;
  phone?: string;
}

export function addressLines(a: AddressLike | null | undefined): string[] {
  if (!a) return [];
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ');
  return [
    name,
    a.company ?? '',
    a.line1,
    a.line2 ?? '',
    [a.postal_code, a.city, a.region].filter(Boolean).join(' '),
    a.country,
    a.phone ?? '',
  ].filter(Boolean);
}

/** A stock location's address on one line ("500 Congress Ave, Austin TX 78701, US"); empty when it has none. */
export function locationAddress(l: {
  address: {
    line1?: string;
    line2?: string;
    city?: string;
    region?: string;
    postal_code?: string;
    country?: string;
  };
}): string {
  const a = l.address;
  return [a.line1, a.line2, [a.city, a.region, a.postal_code].filter(Boolean).join(' '), a.country]
    .filter(Boolean)
    .join(', ');
}
