// Guesses a company name for a group of outside recipients from their display
// names ("ABC商事 中島 様" → "ABC商事"), so the dialog can group people the way
// they think of them. A guess is only shown when the display names make it obvious.
import type { Recipient } from '../ipc/types';

const COMPANY_MARK =
  /(株式会社|有限会社|合同会社|（株）|\(株\)|㈱|商事|商会|物産|電機|電気|電子|工業|産業|建設|設計|印刷|製作所|事務所|法律|会計|銀行|信用金庫|保険|証券|不動産|運輸|システム|ソフト|テック|トレーディング|ホールディングス|グループ|コンサルティング|サービス|\b(inc|corp|co|ltd|llc|gmbh)\b\.?)/i;
const ROLE_WORD =
  /^(代表取締役|取締役|社長|副社長|専務|常務|部長|課長|係長|主任|担当|営業部|経理部|総務部|人事部|役員|会長|CEO|CFO|CTO)$/i;
const HONORIFIC = /^(様|さま|さん|殿|御中)$/;

/** The company part of one display name, or null. */
export function companyFromName(name: string | undefined): string | null {
  if (!name) return null;
  const tokens = name.trim().split(/[\s　]+/).filter((t) => !HONORIFIC.test(t));
  if (tokens.length === 0) return null;
  const first = tokens[0].replace(/(様|御中)$/, '');
  if (!first || ROLE_WORD.test(first)) return null;
  if (COMPANY_MARK.test(first)) return first;
  // "ミナトソフト 小林": a long first word followed by a short name looks like a company
  if (tokens.length >= 2 && [...first].length >= 5) return first;
  return null;
}

/** The company name most display names of one domain agree on, or null. */
export function companyForGroup(recipients: Recipient[]): string | null {
  const votes = new Map<string, number>();
  for (const r of recipients) {
    const c = companyFromName(r.name);
    if (c) votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  // two recipients sharing the same first word also count (e.g. "ミナト 山田", "ミナト 小林")
  if (votes.size === 0 && recipients.length >= 2) {
    const firsts = recipients
      .map((r) => r.name?.trim().split(/[\s　]+/))
      .filter((t): t is string[] => !!t && t.length >= 2)
      .map((t) => t[0]);
    const shared = firsts.find((f, i) => firsts.indexOf(f) !== i && !ROLE_WORD.test(f));
    if (shared) return shared;
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
