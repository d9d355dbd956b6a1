import { describe, expect, it } from 'vitest';
import {
  bccStatus, buildModel, changesFor, emptyState, externalToCc, INTERNAL_KEY, noChanges, pendingKeys,
  personalDetail, replaceStatus, sendStatus, type DialogModel, type DialogState,
} from '../../src/dialog/model';
import { pending } from './fixtures';

const CC_BCC = 'report-14-cc-bcc-mistake';
const LOOKALIKE = 'report-15-lookalike-domains';
const SPOOF = 'report-16-display-name-spoof';
const PPAP = 'report-20-ppap-encrypted-zip';
const BODY_LIST = 'report-24-customer-list-in-body';
const CSV = 'report-10-rfc2231-csv-attachment';

function tickAll(model: DialogModel, state: DialogState = emptyState()): DialogState {
  return { ...state, ticked: new Set(model.requirements.map((r) => r.key)) };
}
function with_(state: DialogState, patch: Partial<{ ticked: string[]; removedRecipients: string[]; removedAttachments: string[]; elapsedSecs: number }>): DialogState {
  return {
    ticked: patch.ticked ? new Set(patch.ticked) : state.ticked,
    removedRecipients: patch.removedRecipients ? new Set(patch.removedRecipients) : state.removedRecipients,
    removedAttachments: patch.removedAttachments ? new Set(patch.removedAttachments) : state.removedAttachments,
    elapsedSecs: patch.elapsedSecs ?? state.elapsedSecs,
  };
}

describe('report 14: 15 outside addresses in Cc', () => {
  const model = buildModel(pending(CC_BCC, { queued: 2 }));

  it('groups outside recipients by domain, every address in full', () => {
    expect(model.externalPeople).toBe(15);
    expect(model.externalGroups.map((g) => g.domain)).toContain('abc-shoji.co.jp');
    const abc = model.externalGroups.find((g) => g.domain === 'abc-shoji.co.jp')!;
    expect(abc.rows.map((r) => r.address)).toEqual(['nakajima@abc-shoji.co.jp', 'okada@abc-shoji.co.jp', 'maeda@abc-shoji.co.jp']);
    expect(abc.company).toBe('ABC商事');
    expect(model.externalGroups.find((g) => g.domain === 'minato-soft.co.jp')!.company).toBe('ミナトソフト');
    expect(model.externalGroups.find((g) => g.domain === 'gmail.com')!.freemail).toBe(true);
    // free-mail groups come after companies
    const last = model.externalGroups.slice(-3).map((g) => g.domain).sort();
    expect(last).toEqual(['gmail.com', 'icloud.com', 'yahoo.co.jp']);
  });

  it('collapses internal recipients into one required box', () => {
    expect(model.internal?.recipients.map((r) => r.address)).toEqual(['ichiro.sato@sakura-sys.co.jp']);
    expect(model.requirements.filter((r) => r.key === INTERNAL_KEY)).toHaveLength(1);
  });

  it('puts the BCC suggestion first among the alerts, free-mail warnings after it', () => {
    expect(model.alerts.map((a) => a.check)).toEqual(['bcc_suggested', 'freemail_recipient', 'freemail_recipient', 'freemail_recipient']);
    expect(model.alerts[0].severity).toBe('danger');
    expect(model.hasBccSuggestion).toBe(true);
  });

  it('requires 15 recipients + internal + 4 alerts = 20 ticks before Send', () => {
    expect(model.requirements).toHaveLength(20);
    const s = sendStatus(model, emptyState());
    expect(s).toMatchObject({ enabled: false, remaining: 20, blocker: 'unticked' });
    expect(sendStatus(model, tickAll(model)).enabled).toBe(true);
  });

  it('every box but one still blocks Send', () => {
    for (const req of model.requirements) {
      const ticked = model.requirements.map((r) => r.key).filter((k) => k !== req.key);
      const s = sendStatus(model, with_(emptyState(), { ticked }));
      expect(s.enabled, req.key).toBe(false);
      expect(s.remaining).toBe(1);
    }
  });

  it('the BCC fix waives the outside-recipient ticks and the BCC box but not the rest', () => {
    const b = bccStatus(model, emptyState());
    expect(b.available).toBe(true);
    expect(b.remaining).toBe(4); // 3 free-mail + internal
    const freemailAndInternal = model.requirements.filter((r) => !r.waivedByBcc).map((r) => r.key);
    expect(bccStatus(model, with_(emptyState(), { ticked: freemailAndInternal })).enabled).toBe(true);
  });

  it('move_to_bcc lists exactly the outside To/Cc addresses', () => {
    const ext = model.externalGroups.flatMap((g) => g.rows.map((r) => r.address)).sort();
    expect(changesFor(model, tickAll(model), true).move_to_bcc.slice().sort()).toEqual(ext);
    expect(changesFor(model, tickAll(model), false)).toEqual({ move_to_bcc: [], remove_recipients: [], remove_attachments: [], replace_recipients: [] });
  });

  it('removing a free-mail recipient removes its ticks and reports the address', () => {
    const state = with_(emptyState(), { removedRecipients: ['emi.kondo@icloud.com'] });
    expect(pendingKeys(model, state)).toHaveLength(18);
    const changes = changesFor(model, state, true);
    expect(changes.remove_recipients).toEqual(['emi.kondo@icloud.com']);
    expect(changes.move_to_bcc).not.toContain('emi.kondo@icloud.com');
    expect(changes.move_to_bcc).toHaveLength(14);
  });

  it('keeps the queued count', () => {
    expect(model.queued).toBe(2);
  });
});

describe('report 15: look-alike domains', () => {
  const model = buildModel(pending(LOOKALIKE));
  it('shows both look-alike domains in red first, then the BCC suggestion', () => {
    expect(model.alerts.map((a) => a.check)).toEqual(['lookalike_domain', 'lookalike_domain', 'bcc_suggested']);
    expect(model.alerts[0].message).toContain('sakura-sy5.co.jp は社内ドメイン sakura-sys.co.jp に似ています');
  });
  it('tags the look-alike recipients and lists their groups first', () => {
    const first = model.externalGroups.slice(0, 2).map((g) => g.domain).sort();
    expect(first).toEqual(['sakura-sy5.co.jp', 'xn--skura-sys-0yh.co.jp']);
    expect(model.externalGroups[0].rows[0].tags[0]).toMatchObject({ check: 'lookalike_domain', severity: 'danger' });
  });
  it('the BCC fix still needs the look-alike boxes and the internal box', () => {
    expect(bccStatus(model, emptyState()).remaining).toBe(3);
  });
  it('removing a look-alike recipient makes its alert moot', () => {
    const state = with_(emptyState(), { removedRecipients: ['misaki.tanaka@sakura-sy5.co.jp'] });
    expect(pendingKeys(model, state)).not.toContain(model.alerts[0].key);
  });
  it('ignores info findings for ticks and folds them', () => {
    expect(model.infos.map((i) => i.check)).toEqual(['personal_data']);
    expect(model.personal).toHaveLength(0);
  });
});

describe('report 16: spoofed 社長', () => {
  const model = buildModel(pending(SPOOF));
  it('orders spoofing before look-alike, warnings after dangers', () => {
    expect(model.alerts.map((a) => a.check)).toEqual([
      'display_name_spoof', 'display_name_spoof', 'lookalike_domain', 'freemail_recipient', 'confidential_keyword',
    ]);
    expect(model.alerts.find((a) => a.check === 'confidential_keyword')!.evidence).toBe('極秘');
  });
  it('has no BCC button and no internal recipients', () => {
    expect(model.hasBccSuggestion).toBe(false);
    expect(bccStatus(model, emptyState()).available).toBe(false);
    expect(model.internal).toBeNull();
  });
  it('does not guess a company from a role title', () => {
    expect(model.externalGroups.find((g) => g.domain === 'gmail.com')!.company).toBeNull();
  });
  it('does not vouch for a look-alike domain with the name its sender chose', () => {
    // keiri@sakura-sys-co.jp calls itself 「サクラシステム 経理部」
    const fake = model.externalGroups.find((g) => g.domain === 'sakura-sys-co.jp')!;
    expect(fake.danger).toBe(true);
    expect(fake.company).toBeNull();
  });
});

describe('report 20: PPAP zip', () => {
  const model = buildModel(pending(PPAP));
  it('explains the encrypted attachment and requires its box', () => {
    const a = model.attachments[0];
    expect(a).toMatchObject({ name: '見積書.zip', sizeText: '530 B', encrypted: true, required: true });
    expect(a.notes[0]).toContain('パスワード付きのため中身を確認できません');
    expect(model.alerts[0].check).toBe('encrypted_attachment');
  });
  it('removing the zip makes both the attachment and the PPAP boxes moot', () => {
    const state = with_(emptyState(), { removedAttachments: ['見積書.zip'] });
    expect(pendingKeys(model, state)).toEqual(['r:to:makoto.takahashi@kaede-denki.co.jp']);
    expect(changesFor(model, state, false).remove_attachments).toEqual(['見積書.zip']);
  });
});

describe('report 10: CSV with customer records', () => {
  const model = buildModel(pending(CSV));
  it('shows the record count and items per file', () => {
    expect(model.personal).toHaveLength(1);
    expect(model.personal[0]).toMatchObject({ typeLabel: '個人データ', detail: '顧客リスト_2024年度.csv: 3件（氏名・住所・電話番号）' });
  });
  it('lists the attachment with its remark and a personal-data tag', () => {
    expect(model.attachments[0]).toMatchObject({ sizeText: '201 B', hasPersonalData: true, required: true });
    expect(model.attachments[0].notes).toEqual(['ファイル名の「顧客」から個人情報の一覧と思われます']);
  });
});

describe('report 24: customer list in the body', () => {
  const model = buildModel(pending(BODY_LIST));
  it('shows birth dates and the record, dangers only', () => {
    expect(model.personal.map((p) => p.typeLabel)).toEqual(['生年月日', '個人データ']);
    expect(model.personal[0].detail).toBe('本文 5件「生年月日: ****/**/**」');
    expect(model.personal[1].detail).toBe('本文: 5件（氏名・住所・電話番号・生年月日）');
    expect(model.infos).toHaveLength(3);
  });
});

describe('names that look like the engine\'s prose', () => {
  // A file named with 「（A・B）。」 and a record whose message holds 「・」 in odd places:
  // the dialog works from the typed fields, never from the message text.
  const name = '見積（A・B）。xlsx';
  const p = pending(CSV);
  p.report.attachments = [{ name, size: 2048, content_type: 'application/octet-stream' }];
  p.report.findings = [
    {
      check: 'personal_data', type: 'record', severity: 'danger', location: `attachment:${name}/名簿・一覧.csv`,
      attachment_path: [name, '名簿・一覧.csv'], count: 2, items: ['person_name', 'birth_date'],
      message: `添付ファイル ${name}/名簿・一覧.csv に 2 人分の個人データ（氏名・生年月日）があります`,
    },
    {
      check: 'attachment', severity: 'warning', location: `attachment:${name}`, attachment_path: [name], count: 1,
      message: `添付ファイル: ${name}（2 KB）`, subject_of: name,
    },
    {
      check: 'attachment', severity: 'info', location: `attachment:${name}`, attachment_path: [name], count: 1,
      message: `${name}: ファイルが壊れているため読めません`, subject_of: name,
      notes: [`${name}: ファイルが壊れているため読めません`],
    },
  ];
  const model = buildModel(p);
  it('ties every finding to the file and shows its remarks whole', () => {
    expect(model.attachments).toHaveLength(1);
    expect(model.attachments[0]).toMatchObject({ name, hasPersonalData: true, required: true });
    expect(model.attachments[0].notes).toEqual([`${name}: ファイルが壊れているため読めません`]);
  });
  it('lists the record with its typed items and its path', () => {
    expect(model.personal[0].detail).toBe(`${name}/名簿・一覧.csv: 2件（氏名・生年月日）`);
  });
});

describe('send rules', () => {
  it('formats a big record count with separators', () => {
    expect(personalDetail({ check: 'personal_data', type: 'record', severity: 'danger', location: 'attachment:顧客リスト.csv', attachment_path: ['顧客リスト.csv'], count: 1204, items: ['person_name', 'address', 'phone_number'], message: '添付ファイル 顧客リスト.csv に 1204 人分の個人データ（氏名・住所・電話番号）があります' }))
      .toBe('顧客リスト.csv: 1,204件（氏名・住所・電話番号）');
    expect(personalDetail({ check: 'personal_data', type: 'my_number', severity: 'danger', location: 'attachment:給与.zip/明細.csv', attachment_path: ['給与.zip', '明細.csv'], count: 1, evidence: '個人番号: ********9018', message: '' }))
      .toBe('給与.zip/明細.csv 1件「個人番号: ********9018」');
  });

  it('waits for the countdown even when everything is ticked', () => {
    const model = buildModel(pending(PPAP, { countdown_secs: 5 }));
    const ticked = tickAll(model);
    expect(sendStatus(model, ticked)).toMatchObject({ enabled: false, blocker: 'countdown', countdownLeft: 5 });
    expect(sendStatus(model, { ...ticked, elapsedSecs: 4.2 })).toMatchObject({ enabled: false, countdownLeft: 1 });
    expect(sendStatus(model, { ...ticked, elapsedSecs: 5 }).enabled).toBe(true);
  });

  it('never enables Send on a block verdict', () => {
    const p = pending(SPOOF);
    p.report.verdict = 'block';
    p.report.findings[0].blocked = true;
    const model = buildModel(p);
    expect(model.blocked).toBe(true);
    expect(model.blockReasons).toEqual([p.report.findings[0].message]);
    expect(sendStatus(model, { ...tickAll(model), elapsedSecs: 999 })).toMatchObject({ enabled: false, blocker: 'blocked' });
    expect(bccStatus(model, tickAll(model)).enabled).toBe(false);
  });

  it('puts blocked findings above every other alert', () => {
    const p = pending(SPOOF);
    p.report.findings[3].blocked = true; // confidential_keyword, a warning
    const model = buildModel(p);
    expect(model.alerts[0].check).toBe('confidential_keyword');
  });

  it('refuses to send when every recipient was removed', () => {
    const model = buildModel(pending(PPAP));
    const state = with_(tickAll(model), { removedRecipients: ['makoto.takahashi@kaede-denki.co.jp'] });
    expect(sendStatus(model, state)).toMatchObject({ enabled: false, blocker: 'no_recipients' });
  });

  it('does not require a box for an outside recipient whose findings policy lowered to info', () => {
    const p = pending(PPAP);
    p.report.findings = p.report.findings.map((f) => (f.check === 'external_recipient' ? { ...f, severity: 'info' } : f));
    const model = buildModel(p);
    expect(model.externalGroups[0].rows[0].required).toBe(false);
  });

  it('externalToCc skips Bcc recipients', () => {
    const p = pending(PPAP);
    p.report.recipients.push({ address: 'x@other.co.jp', field: 'bcc', domain: 'other.co.jp', external: true });
    const model = buildModel(p);
    expect(externalToCc(model, emptyState())).toEqual(['makoto.takahashi@kaede-denki.co.jp']);
  });
});

// Real reports of `sendguard check --history` against a history learned from a Sent
// mbox of 楓商事の田中様 (tanaka@kaede-shoji.co.jp) and ひかりテックの田中様
// (t.tanaka@hikari-tech.co.jp).
const MISMATCH = 'report-history-mismatch';
const OTHER_PARTY = 'report-history-attachment';
const UNUSUAL = 'report-history-unusual';

describe('recipient history: the wrong 田中様', () => {
  const model = buildModel(pending(MISMATCH));
  const card = model.mismatches[0];

  it('shows the mismatch as its own card, not among the alerts', () => {
    expect(model.mismatches.map((m) => m.check)).toEqual(['recipient_mismatch']);
    expect(model.alerts.map((a) => a.check)).not.toContain('recipient_mismatch');
    expect(card.severity).toBe('danger');
    expect(card.message).toContain('楓商事株式会社');
    expect(card.ack).toBe('この宛先で正しいことを確認しました');
  });

  it('lays the evidence out from the parties, never from the message', () => {
    expect(card.parties.map((p) => [p.label, p.text, p.knownAs, p.sends])).toEqual([
      ['宛名', '楓商事株式会社 田中様', ['楓商事株式会社'], null],
      ['宛先', 't.tanaka@hikari-tech.co.jp', ['株式会社ひかりテック'], 14],
      ['候補', 'tanaka@kaede-shoji.co.jp', ['楓商事株式会社'], 23],
    ]);
  });

  it('tags the recipient and hides the company its display name claims', () => {
    const group = model.externalGroups.find((g) => g.domain === 'hikari-tech.co.jp')!;
    expect(group.rows[0].tags.map((t) => t.label)).toEqual(['宛名と違う宛先']);
    expect(group.danger).toBe(true);
  });

  it('offers the replacement, which sends with nothing but it once the rest is ticked', () => {
    expect(card.replace).toEqual({ from: 't.tanaka@hikari-tech.co.jp', to: 'tanaka@kaede-shoji.co.jp' });
    // The card's box and the replaced recipient's box are waived; nothing else is left here.
    const r = replaceStatus(model, emptyState(), card);
    expect(r).toMatchObject({ available: true, enabled: true, remaining: 0 });
    expect(sendStatus(model, emptyState())).toMatchObject({ enabled: false, remaining: 2 });
    expect(changesFor(model, emptyState(), false, card.replace)).toEqual({
      ...noChanges(),
      replace_recipients: [{ from: 't.tanaka@hikari-tech.co.jp', to: 'tanaka@kaede-shoji.co.jp' }],
    });
    // Never both fixes at once.
    expect(changesFor(model, emptyState(), true, card.replace).move_to_bcc).toEqual([]);
  });

  it('sending as it is needs the card ticked like any danger', () => {
    expect(sendStatus(model, tickAll(model)).enabled).toBe(true);
    expect(changesFor(model, tickAll(model), false).replace_recipients).toEqual([]);
  });

  it('offers no button without a suggestion (a client that cannot apply it)', () => {
    const p = pending(MISMATCH);
    delete p.report.findings[0].suggestion;
    const m = buildModel(p);
    expect(m.mismatches[0].replace).toBeNull();
    expect(replaceStatus(m, emptyState(), m.mismatches[0])).toMatchObject({ available: false, enabled: false });
  });

  it('offers no button for an address that is not a recipient, nor once it is removed', () => {
    const p = pending(MISMATCH);
    p.report.findings[0].subject_of = 'someone@else.example';
    expect(buildModel(p).mismatches[0].replace).toBeNull();
    const removed = with_(emptyState(), { removedRecipients: ['t.tanaka@hikari-tech.co.jp'] });
    expect(replaceStatus(model, removed, card)).toMatchObject({ available: false, enabled: false });
  });

  it('still needs every other box: an attachment does not become safe', () => {
    const p = pending(MISMATCH);
    p.report.attachments = [{ name: '見積書.pdf', size: 1000, content_type: 'application/pdf' }];
    p.report.findings.push({ check: 'attachment', severity: 'warning', location: 'attachment:見積書.pdf', attachment_path: ['見積書.pdf'], count: 1, message: '添付ファイル: 見積書.pdf', subject_of: '見積書.pdf' });
    const m = buildModel(p);
    expect(replaceStatus(m, emptyState(), m.mismatches[0])).toMatchObject({ enabled: false, remaining: 1, blocker: 'unticked' });
    expect(replaceStatus(m, with_(emptyState(), { ticked: ['a:0'] }), m.mismatches[0]).enabled).toBe(true);
    // What the person struck through goes too; nothing is moved to Bcc.
    const removed = with_(emptyState(), { removedAttachments: ['見積書.pdf'] });
    expect(changesFor(m, removed, false, m.mismatches[0].replace)).toEqual({
      move_to_bcc: [], remove_recipients: [], remove_attachments: ['見積書.pdf'],
      replace_recipients: [{ from: 't.tanaka@hikari-tech.co.jp', to: 'tanaka@kaede-shoji.co.jp' }],
    });
  });

  it('is never pressable on a blocked mail', () => {
    const p = pending(MISMATCH);
    p.report.verdict = 'block';
    p.report.findings[0].blocked = true;
    const m = buildModel(p);
    expect(replaceStatus(m, tickAll(m), m.mismatches[0])).toMatchObject({ enabled: false, blocker: 'blocked' });
  });

  it('waits for the countdown', () => {
    const m = buildModel(pending(MISMATCH, { countdown_secs: 3 }));
    expect(replaceStatus(m, emptyState(), m.mismatches[0])).toMatchObject({ enabled: false, blocker: 'countdown' });
    expect(replaceStatus(m, { ...emptyState(), elapsedSecs: 3 }, m.mismatches[0]).enabled).toBe(true);
  });

  it('puts mismatch cards before everything, recipient ones before attachment ones', () => {
    const p = pending(OTHER_PARTY);
    p.report.findings.push({ ...pending(MISMATCH).report.findings[0] });
    const m = buildModel(p);
    expect(m.mismatches.map((c) => c.check)).toEqual(['recipient_mismatch', 'attachment_for_other_party']);
  });
});

describe('recipient history: an attachment named for another customer', () => {
  const model = buildModel(pending(OTHER_PARTY));
  const card = model.mismatches[0];
  it('is a card with the file name as what the mail names, and no replacement', () => {
    expect(card.check).toBe('attachment_for_other_party');
    expect(card.parties[0]).toMatchObject({ label: 'ファイル名', text: '見積書_楓商事様.pdf', knownAs: ['楓商事株式会社'], sends: null });
    expect(card.parties.slice(1).map((p) => [p.label, p.sends])).toEqual([['宛先', 14], ['宛先', 0]]);
    expect(card.replace).toBeNull();
  });
  it('is made moot by taking the file off, and tags the file', () => {
    expect(model.attachments[0]).toMatchObject({ otherParty: true, required: true });
    const state = with_(emptyState(), { removedAttachments: ['見積書_楓商事様.pdf'] });
    expect(pendingKeys(model, state)).not.toContain(card.key);
  });
  it('shows a first-time recipient with attachments as a warning to tick, tagged on its row', () => {
    expect(model.alerts.map((a) => a.check)).toEqual(['first_time_recipient']);
    expect(model.alerts[0].ack).toBe('初めての宛先で正しいことを確認しました');
    const row = model.externalGroups.flatMap((g) => g.rows).find((r) => r.address === 'arai@aoba-butsuryu.co.jp')!;
    expect(row.tags.map((t) => t.label)).toEqual(['初めての宛先']);
  });
  it('folds an info first-time recipient into 参考情報', () => {
    const p = pending(OTHER_PARTY);
    p.report.findings = p.report.findings.map((f) => (f.check === 'first_time_recipient' ? { ...f, severity: 'info' } : f));
    const m = buildModel(p);
    expect(m.alerts).toEqual([]);
    expect(m.infos.map((i) => i.check)).toContain('first_time_recipient');
  });
});

describe('recipient history: a recipient never sent together with the others', () => {
  const model = buildModel(pending(UNUSUAL));
  it('is a warning alert with its own box and a tag on the row', () => {
    expect(model.mismatches).toEqual([]);
    expect(model.alerts.map((a) => [a.check, a.severity])).toEqual([['unusual_recipient', 'warning']]);
    const row = model.externalGroups.flatMap((g) => g.rows).find((r) => r.address === 't.tanaka@hikari-tech.co.jp')!;
    expect(row.tags.map((t) => t.label)).toEqual(['いつもと違う組み合わせ']);
    // removing the odd one out makes its alert moot
    const state = with_(tickAll(model), { ticked: [], removedRecipients: ['t.tanaka@hikari-tech.co.jp'] });
    expect(pendingKeys(model, state)).not.toContain(model.alerts[0].key);
  });
});
