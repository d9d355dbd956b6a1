// The company a group of outside recipients belongs to, as the dialog shows it above
// them. The engine reads each display name (`recipient.company`, from the policy's
// word lists: 「ABC商事 中島 様」 → ABC商事); here only the most common one of a group
// is chosen, so nothing of the rule is repeated in the UI.
import type { Recipient } from '../ipc/types';

/** The company most recipients of one domain are named with, or null. */
export function companyForGroup(recipients: Recipient[]): string | null {
  const votes = new Map<string, number>();
  for (const r of recipients) {
    if (r.company) votes.set(r.company, (votes.get(r.company) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [c, v] of votes) {
    if (v > bestVotes) {
      best = c;
      bestVotes = v;
    }
  }
  return best;
}
