/** Campaign names for the analytics table (until the campaigns API is merged: the ids). */
export function useCampaignNames(): Map<string, string> {
  return new Map();
}
