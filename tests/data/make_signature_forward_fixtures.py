#!/usr/bin/env python3
"""Generate the golden fixtures for signatures and forwards (tests/data/41-*.eml).

Stdlib only (Python 3.11+); shares the message builder of make_census.py. Run from the
repository root:

    python3 tests/data/make_signature_forward_fixtures.py            # write + verify
    python3 tests/data/make_signature_forward_fixtures.py --check    # verify only

What they pin down (issue 11; the check contract's "Default severities"):

* 41-sig-*: the sender's own signature in every framing (-- above and below, 「-- 」,
  a box, none at all, English, Outlook Word HTML alone and with a text/plain
  alternative; ━━━ ＝＝＝ ＊＊＊ ─── ―― to outside). Internal ones must pass with no
  dialog; the signature is `info` everywhere.
* 41-fwd-<format>-pii-*: a private customer's data forwarded to an outside company in
  each forward format (Thunderbird en/ja, Outlook en/ja, Outlook's header block without
  the dashed line, Gmail, Becky!): must warn.
* 41-fwd-<format>-business-*: the same formats carrying only company writers' business
  signatures: personal data stays `info`.
* 41-reply-customer-*: a reply to the customer whose own data is in the quote: `info`.
* 41-trap-roster-*: a short customer roster at the end of a mail, followed by the
  company's domain/URL line: not a signature, must be reported.
* 41-trap-typed-original-*: a new mail (no Re:/FW:) with a typed
  「-----Original Message-----」 followed by a My Number: must be reported.

Each fixture is written on its own (people, companies, wording, layout differ).
The expected reports (.json) are blessed separately by the golden test.
"""

from __future__ import annotations

import email
import sys
from email import policy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_census as mc  # noqa: E402

OUT = Path(__file__).resolve().parent
FIX: list[tuple[str, bytes, str, tuple[str, ...]]] = []

P = {p.addr.split("@")[0]: p for p in mc.PEOPLE}


def who(local: str) -> tuple[str, str]:
    p = P[local]
    return (p.name, p.addr)


def at(day: int, hour: int, minute: int = 0):
    return mc.dt.datetime(2025, 5, day, hour, minute, tzinfo=mc.dt.timezone(mc.dt.timedelta(hours=9)))


def add(name: str, *, frm: str, to: list, subject: str, body: list, enc: str, day: int, hour: int,
        mailer: str = "outlook", cc: list | None = None, html: str | None = None,
        extra: list | None = None, contains: tuple[str, ...] = ()) -> None:
    me = P[frm]
    seq = len(FIX) + 1
    if mailer == "outlook":
        mid = f"TYCPR01MB{4100 + seq:07d}{seq * 7919:06X}@TYCPR01MB{4100 + seq:07d}.jpnprd01.prod.outlook.com"
    else:
        mid = f"41{seq:02d}{day:02d}{hour:02d}.{frm}@sakura-sys.co.jp"
    m = dict(frm=(me.name, me.addr), to=to, cc=cc or [], subject=subject, date=at(day, hour, seq % 60),
             msgid=mid, body=body, enc=enc, mailer=mailer, variant=seq, extra=extra or [], html=html)
    FIX.append((f"41-{name}.eml", mc.build(m), subject, contains))


def p(text: str) -> tuple:
    return ("p", text.strip("\n").split("\n") + [""])


def sig(text: str) -> tuple:
    return ("sig", text.strip("\n").split("\n"))


def orig(frm, to, subject, day, hour, text, cc=None):
    return dict(frm=frm, to=to, cc=cc or [], subject=subject, date=at(day, hour),
                lines=text.strip("\n").split("\n"))


SUPPORT = ("サクラシステム サポート窓口", "support@sakura-sys.co.jp")

# ==========================================================================
# signatures, internal (must pass) and outside
# ==========================================================================


def signatures() -> None:
    add("sig-dashes-internal-a", frm="ichiro.sato", to=[who("hanako.suzuki")], subject="明日の訪問の件",
        enc="jis", day=7, hour=17, body=[p("""
鈴木さん

お疲れさまです。佐藤です。
明日のミナトソフト様訪問は、10時に品川駅の改札で待ち合わせでお願いします。
提案書は私の方で5部印刷して持っていきます。
"""), sig("""
----------------------------------------
サクラシステム株式会社 営業部 課長
佐藤 一郎
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
TEL 03-1234-5678（内線 2345）／携帯 080-4411-2345
ichiro.sato@sakura-sys.co.jp
----------------------------------------
""")])
    add("sig-dashes-internal-b", frm="akiko.shimizu", to=[who("misaki.tanaka"), who("mayumi.kato")],
        cc=[who("daisuke.ito")], subject="大阪支店 4月分 仮払金の精算について", enc="sjis-8bit", day=8, hour=11,
        mailer="becky", body=[p("""
田中さん、加藤さん

大阪支店経理の清水です。
4月分の仮払金精算、支店分はすべて入力が終わりました。
伝票の原本は明日の社内便で本社に送ります。

お手数ですが確認をお願いします。
"""), sig("""
--------------------------------------------------
清水 亜希子
サクラシステム株式会社 大阪支店 経理部
大阪府大阪市北区梅田2-4-9 梅田スクエアビル12F
電話：06-6345-1200 内線630
--------------------------------------------------
""")])
    add("sig-rfc3676-internal-a", frm="kenta.takahashi", to=[who("sho.yoshida")], subject="ステージング環境の再起動",
        enc="u8-8bit", day=9, hour=19, mailer="thunderbird", body=[p("""
吉田さん

高橋です。
ステージングのAPサーバー2台、今夜22時に再起動します。
デプロイ中のジョブがあれば21時半までに止めておいてください。
"""), sig("""
-- 
高橋 健太 / Kenta Takahashi
サクラシステム株式会社 システム開発部
携帯 090-2231-7788
""")])
    add("sig-rfc3676-internal-b", frm="naoki.yamada", to=[who("takuya.yamamoto")],
        subject="福岡のお客様先 プリンタ交換完了", enc="u8-qp", day=12, hour=16, mailer="thunderbird", body=[p("""
山本さん

お疲れさまです、福岡の山田です。
本日、博多の案件でラベルプリンタLP-5の交換が完了しました。
旧機は明日センドバックします。作業報告書は夕方に共有フォルダへ置きます。

以上です。
"""), sig("""
-- 
サクラシステム株式会社
技術サポート部 福岡営業所
山田 直樹
〒812-0011 福岡県福岡市博多区博多駅前2-1-1 博多フロントビル4F
TEL: 092-441-5500 / 携帯: 070-1234-5566
""")])
    add("sig-box-internal-a", frm="megumi.nakamura", to=[who("saori.kimura")], subject="展示会ノベルティの発注",
        enc="u8-b64", day=13, hour=10, body=[p("""
木村さん

お疲れさまです。中村です。
ソリューションフェアのノベルティ（ボールペン500本）、発注してよいでしょうか。
見積は丸三印刷さんから届いていて、前回と同じ単価でした。
"""), sig("""
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ サクラシステム株式会社 マーケティング部
┃ 中村 恵（Megumi Nakamura）
┃ 〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
┃ TEL：03-1234-5678 内線：2701
┃ https://www.sakura-sys.co.jp/
┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
""")])
    add("sig-box-internal-b", frm="koji.inoue", to=[who("mayumi.kato")], subject="倉庫の棚卸し日程",
        enc="jis", day=14, hour=15, body=[p("""
加藤さん

物流管理部の井上です。
上期の棚卸しは6月28日(土)に実施します。
購買部からも2名応援をお願いできますか。
"""), sig("""
┌─────────────────────┐
│ 井上 浩二（物流管理部 係長）
│ サクラシステム株式会社
│ 内線 5102　携帯 080-7788-0011
│ koji.inoue@sakura-sys.co.jp
└─────────────────────┘
""")])
    add("sig-none-internal-a", frm="yumi.watanabe", to=[who("aya.matsumoto")], subject="来客駐車場の予約",
        enc="jis", day=15, hour=9, body=[p("""
松本さん

総務の渡辺です。
20日の面接で来社される方の駐車場、B1の来客用を2台分押さえました。
受付にも伝えてあります。
"""), ("p", """サクラシステム株式会社　総務部
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
渡辺 由美
TEL 03-1234-5678（内線 1105）　FAX 03-1234-5679""".split("\n"))])
    add("sig-none-internal-b", frm="takayuki.mori", to=[who("kenta.takahashi"), who("naoki.yamada")],
        subject="品質会議の資料", enc="sjis-b64", day=16, hour=18, body=[p("""
高橋さん、山田さん

森です。
来週の品質会議ですが、各自の不具合件数の集計を水曜日までにお願いします。
書式は先月と同じで構いません。

よろしく。
"""), ("p", """森 隆之
品質保証部 部長
サクラシステム株式会社
03-1234-5678 / takayuki.mori@sakura-sys.co.jp""".split("\n"))])
    add("sig-english-internal-a", frm="sho.yoshida", to=[who("kenta.takahashi")], subject="Code review for the export module",
        enc="ascii", day=19, hour=14, mailer="thunderbird", body=[p("""
Hi Takahashi-san,

I pushed the CSV export changes to the review branch.
Could you take a look before Thursday? The tests are green.

Thanks,
Sho
"""), sig("""
--
Sho Yoshida
System Development Dept., Osaka Branch
Sakura System Co., Ltd.
12F Umeda Square Bldg., 2-4-9 Umeda, Kita-ku, Osaka 530-0001, Japan
Tel: +81-6-6345-1200 (ext. 655)
""")])
    add("sig-english-internal-b", frm="ichiro.sato", to=[who("daisuke.ito")], subject="Visitors from Pacific Bridge",
        enc="u8-qp", day=20, hour=11, body=[p("""
Ito-san,

Two people from Pacific Bridge will visit the Osaka branch on May 27.
Could you arrange a meeting room for the afternoon?

Best regards,
Ichiro
"""), sig("""
________________________________
Ichiro Sato | Sales Manager
Sakura System Co., Ltd.
8F Sakura Bldg., 1-2-3 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan
Tel: +81-3-1234-5678 / Mobile: +81-80-4411-2345
Email: ichiro.sato@sakura-sys.co.jp
""")])
    add("sig-word-html-internal-a", frm="saori.kimura", to=[who("megumi.nakamura")], subject="RE: 展示会ノベルティの発注",
        enc="word-html-u8", day=13, hour=11, body=[p("""
中村さん

お疲れさまです。木村です。
ノベルティの件、発注をお願いします。予算内なので問題ありません。
"""), sig("""
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
サクラシステム株式会社　営業企画部
木村 沙織
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
TEL：03-1234-5678（内線2602）
Mail：saori.kimura@sakura-sys.co.jp
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
""")])
    add("sig-word-html-internal-b", frm="makoto.kobayashi", to=[who("ichiro.sato"), who("shuhei.hayashi")],
        subject="東海エリア 5月見込み", enc="word-html-jis", day=21, hour=17, body=[p("""
佐藤課長、林さん

名古屋の小林です。
東海エリアの5月見込みは、受注ベースで前月比110%の見通しです。
詳細は月曜の営業会議でご報告します。
"""), sig("""
小林 誠　Makoto Kobayashi
サクラシステム株式会社 名古屋営業所 所長
〒450-0002 愛知県名古屋市中村区名駅3-15-1 名駅ダイヤビル6F
TEL 052-561-3300　携帯 080-9012-3344
""")])
    add("sig-word-alt-internal-a", frm="misaki.tanaka", to=[who("akiko.shimizu")], subject="RE: 大阪支店 4月分 仮払金の精算について",
        enc="word-alt-jis", day=9, hour=10, body=[p("""
清水さん

経理部の田中です。
支店分の精算データ、確認しました。問題ありません。
原本の到着を待って締め処理に入ります。
"""), sig("""
==========================================
田中 美咲
サクラシステム株式会社 経理部
TEL 03-1234-5678（内線1502）
E-mail misaki.tanaka@sakura-sys.co.jp
==========================================
""")])
    add("sig-word-alt-internal-b", frm="aya.matsumoto", to=[who("yumi.watanabe")], cc=[who("takayuki.mori")],
        subject="面接日程のご連絡", enc="word-alt-sjis", day=16, hour=9, body=[p("""
渡辺さん

人事部の松本です。
駐車場の手配ありがとうございました。
当日は10時と14時の2名です。森部長にも同席いただきます。
"""), sig("""
━━━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 人事部
松本 彩
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
電話 03-1234-5678（代表）／内線 1301
https://www.sakura-sys.co.jp/recruit/
━━━━━━━━━━━━━━━━━━━━━━
""")])
    # outside: the other rules
    add("sig-heavy-outside", frm="hanako.suzuki", to=[("川口 美穂", "miho.kawaguchi@minato-soft.co.jp")],
        subject="ご訪問日時のご確認", enc="jis", day=22, hour=13, body=[p("""
ミナトソフト株式会社
川口様

お世話になっております。サクラシステムの鈴木です。
来週5月29日(木)15時に、佐藤と2名で御社に伺います。
どうぞよろしくお願いいたします。
"""), sig("""
━━━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 営業部
鈴木 花子
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
TEL 03-1234-5678 ／ FAX 03-1234-5679
hanako.suzuki@sakura-sys.co.jp
━━━━━━━━━━━━━━━━━━━━━━
""")])
    add("sig-eq-outside", frm="mayumi.kato", to=[("前田 剛", "maeda.tsuyoshi@towa-denki.co.jp")],
        subject="部材の価格改定について", enc="sjis-8bit", day=23, hour=10, body=[p("""
東和電機株式会社 調達部
前田様

いつもお世話になっております。サクラシステム購買部の加藤でございます。
7月出荷分からの価格改定のご案内、拝受いたしました。
社内で確認のうえ、来週中にご回答いたします。
"""), sig("""
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
加藤 真由美（かとう まゆみ）
サクラシステム株式会社 購買部
〒100-0005 東京都千代田区丸の内1-2-3 サクラビル8F
TEL：03-1234-5678　内線：1820
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
""")])
    add("sig-ast-outside", frm="daisuke.ito", to=[("青木 隆", "t-aoki@taiyo-systems.co.jp")],
        cc=[("西村 優子", "y-nishimura@taiyo-systems.co.jp")], subject="共同提案の役割分担", enc="u8-b64",
        day=26, hour=15, body=[p("""
大洋システムズ株式会社
青木部長

お世話になっております。サクラシステム大阪支店の伊藤です。
先日お話しした府庁向けの共同提案ですが、ネットワーク部分を弊社、
業務アプリ部分を御社という分担でいかがでしょうか。
"""), sig("""
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
サクラシステム株式会社
大阪支店 支店長 伊藤 大輔
〒530-0001 大阪府大阪市北区梅田2-4-9 梅田スクエアビル12F
TEL 06-6345-1200　携帯 080-6677-1020
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
""")])
    add("sig-light-outside", frm="takuya.yamamoto", to=[("遠藤 彩花", "a.endo@hikari-net.jp")],
        subject="問い合わせ窓口の統合について", enc="word-alt-u8", day=27, hour=11, body=[p("""
株式会社ヒカリネット
遠藤様

お世話になっております。サクラシステム カスタマーサポート部の山本です。
6月から弊社の問い合わせ窓口を一本化いたします。
御社からのエスカレーション先も新しい窓口（0120-123-456）に変わります。
"""), sig("""
────────────────────────
山本 拓也
サクラシステム株式会社 カスタマーサポート部
TEL：03-1234-5678（内線 4410）
サポート窓口：0120-123-456（平日 9:00-18:00）
────────────────────────
""")])
    add("sig-bar-outside", frm="shuhei.hayashi", to=[("森田 浩二", "morita@nishinihon-trading.co.jp")],
        subject="九州エリア販売店会のご案内", enc="jis", day=28, hour=16, body=[p("""
西日本トレーディング株式会社
森田次長

いつもお世話になっております。サクラシステム福岡営業所の林です。
6月12日(木)に九州エリアの販売店会を開催いたします。
ご出席いただけますと幸いです。
"""), sig("""
――――――――――――――――――――――――
サクラシステム株式会社 福岡営業所
林 修平
福岡県福岡市博多区博多駅前2-1-1 博多フロントビル4F
TEL 092-441-5500　FAX 092-441-5501
――――――――――――――――――――――――
""")])


# ==========================================================================
# forwards
# ==========================================================================

# customer mails (private persons): each different
C1 = orig(("大野 恵美", "emi.ohno1985@gmail.com"), [SUPPORT], "マイナンバーの提出について", 7, 21, """
サクラシステム株式会社
ご担当者様

お世話になっております。大野です。
源泉徴収票の作成に必要とのことでしたので、個人番号をお送りします。

個人番号：1234 5678 9018
氏名：大野 恵美

よろしくお願いいたします。
""")
C2 = orig(("杉山 大地", "daichi_sugi@yahoo.co.jp"), [SUPPORT], "返金先のご連絡", 8, 20, """
ご担当者様

注文番号 20250415-0031 のキャンセル分の返金先です。

三井住友銀行 浦和支店
普通 3344556
スギヤマ ダイチ

お手数をおかけします。
杉山
""")
C3 = orig(("野村 千夏", "chinatsu.n@icloud.com"), [SUPPORT], "住所変更のお願い", 9, 22, """
いつもお世話になっております。
転居しましたので登録住所の変更をお願いします。

氏名：野村 千夏
生年月日：1992年2月29日
新住所：〒231-0023 神奈川県横浜市中区山下町1-3 ベイビュー山下705
電話：070-5566-7788

野村
""")
C4 = orig(("久保田 茂", "s-kubota.0412@docomo.ne.jp"), [SUPPORT], "修理の件", 12, 8, """
サクラシステム様

タブレットの修理をお願いした久保田です。
引き取りの日時は平日の午前中でお願いします。

--
久保田 茂
〒460-0011 愛知県名古屋市中区大須3-30-40
TEL 052-241-8890
""")
C5 = orig(("宮崎 結衣", "yui.miyazaki@outlook.jp"), [SUPPORT], "申込書の内容", 13, 23, """
サクラシステム ご担当者様

申込書の記入内容です。

【お申込者】
お名前：宮崎 結衣（ミヤザキ ユイ）
生年月日：平成8年7月21日
ご住所：福岡県福岡市中央区大名1-12-5 大名レジデンス401
お電話：090-8811-2200
お引落口座：福岡銀行 天神町支店 普通 1122334

宮崎
""")
C6 = orig(("荒木 健二", "araken@ezweb.ne.jp"), [SUPPORT], "マイナンバーカードの番号", 14, 7, """
お世話になります。荒木です。
ご依頼の件、マイナンバーは 987654321093 です。
生年月日は1971年9月8日です。
荒木 健二
""")
C7 = orig(("サクラシステム お問い合わせフォーム", "no-reply@sakura-sys.co.jp"), [SUPPORT],
          "【フォーム】出張修理のお申込み", 15, 3, """
出張修理のお申込みを受け付けました。

お名前：内田 康介
ご住所：〒603-8143 京都府京都市北区小山下総町5-1
お電話番号：080-6123-4455
生年月日：1980年1月30日
訪問希望日：5月20日 午後
""")
C8 = orig(("高木 里美", "satomi.takagi@yahoo.co.jp"), [SUPPORT], "Re: 口座振替のご案内", 16, 12, """
口座振替の件、下記の口座でお願いします。

りそな銀行 池袋支店
普通預金 口座番号 5566778
名義 タカギ サトミ

高木 里美
東京都豊島区南池袋2-30-8
090-4545-1212
""")

# business mails (company writers): each different
B1 = orig(("山田 太郎", "taro.yamada@minato-soft.co.jp"), [who("ichiro.sato")], "API仕様の回答", 7, 15, """
サクラシステム 佐藤様

お世話になっております。ミナトソフトの山田です。
お問い合わせのAPIの件、認証トークンの有効期限は24時間です。
更新用エンドポイントは次期バージョンで追加予定です。

------------------------------------------------
ミナトソフト株式会社 システム開発部 課長
山田 太郎
〒105-0011 東京都港区芝公園2-4-1 芝パークビル5F
TEL:03-5400-1234 FAX:03-5400-1235
携帯:090-1111-2323
E-mail: taro.yamada@minato-soft.co.jp
------------------------------------------------
""")
B2 = orig(("石川 健一", "k-ishikawa@hokuto-shoji.co.jp"), [who("hanako.suzuki")], "発注内示のご連絡", 8, 9, """
鈴木様

いつもお世話になっております。北斗商事の石川でございます。
ST-10の追加分120台につき、内示をお出しします。
正式な注文書は来週お送りします。

株式会社北斗商事 購買部 部長
石川 健一
〒060-0005 北海道札幌市中央区北五条西6-2-2 札幌センタービル9F
TEL 011-251-3030
https://www.hokuto-shoji.co.jp/
""")
B3 = orig(("Michael Brown", "m.brown@pacificbridge.com"), [who("ichiro.sato")], "Shipping documents", 9, 2, """
Dear Sato-san,

Attached please find nothing yet - the B/L will follow tomorrow.
The vessel leaves Oakland on May 14.

Best regards,
Michael

--
Michael Brown
Logistics Manager, Pacific Bridge Inc.
1200 Harbor Blvd, Suite 400, San Francisco, CA 94105, USA
Tel: +1-415-555-0134 | Mobile: +1-415-555-0188
m.brown@pacificbridge.com
""")
B4 = orig(("前田 剛", "maeda.tsuyoshi@towa-denki.co.jp"), [who("mayumi.kato")], "価格改定のお知らせ", 12, 13, """
サクラシステム株式会社 購買部
加藤様

平素は格別のご高配を賜り、厚く御礼申し上げます。
原材料高騰のため、7月出荷分より一部製品の価格を改定させていただきます。
対象製品と新価格は別途ご案内いたします。

━━━━━━━━━━━━━━━━━━━━━━
東和電機株式会社 調達部
課長代理 前田 剛
〒212-0013 神奈川県川崎市幸区堀川町580 ソリッドスクエア東館14F
TEL 044-520-7700（代表）
━━━━━━━━━━━━━━━━━━━━━━
""")
B5 = orig(("長谷川 誠一", "hasegawa@marusan-print.co.jp"), [who("megumi.nakamura")], "校正刷りの件", 13, 17, """
中村様

丸三印刷の長谷川です。
パンフレットの校正刷りが上がりました。明日午前にお届けに上がります。

丸三印刷株式会社 営業部
長谷川 誠一
東京都新宿区神楽坂4-8-12
TEL 03-3260-5511／FAX 03-3260-5512
""")
B6 = orig(("坂本 龍", "r.sakamoto@hikari-net.jp"), [who("makoto.kobayashi")], "回線工事日程の確定", 14, 10, """
小林様

お世話になっております。ヒカリネットの坂本です。
名古屋営業所様の回線切替工事、6月3日(火) 20時からで確定いたしました。
当日は弊社の作業員2名が伺います。

＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
株式会社ヒカリネット ソリューション営業部
マネージャー 坂本 龍（Ryu Sakamoto）
〒460-0008 愛知県名古屋市中区栄3-18-1
TEL 052-265-8800 携帯 080-3030-4141
Mail r.sakamoto@hikari-net.jp
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
""")
B7 = orig(("太田 秀樹", "h-ota@kaede-kogyo.co.jp"), [who("takayuki.mori")], "不良解析結果のご報告", 15, 16, """
サクラシステム 森部長

カエデ工業の太田です。
ご返送いただいた筐体の解析結果をご報告します。
ネジ穴のバリが原因で、5月8日以降の生産分は対策済みです。

--
株式会社カエデ工業 生産管理課 課長
太田 秀樹
〒390-0811 長野県松本市中央1-23-6
電話 0263-33-1180
""")


def fwd(name, *, frm, to, fmt, src, note, enc, day, hour, cc=None, own_sig=None, html=None, variant=0):
    body = [p(note)]
    if own_sig:
        body.append(sig(own_sig))
    body += mc.forwarded(fmt, src, variant)
    add(name, frm=frm, to=to, cc=cc, subject=mc.fwd_prefix(fmt) + src["subject"], body=body, enc=enc,
        day=day, hour=hour, mailer=mc.fwd_mailer(fmt), html=html)


def forwards() -> None:
    aoba = ("後藤 信也", "goto@aoba-logi.co.jp")
    midori = ("福田 直子", "fukuda@midori-tax.jp")
    kodama = ("斎藤 学", "saito.manabu@kodama-seiki.co.jp")
    suzuran = ("中島 亮", "nakajima@suzuran-kikaku.co.jp")
    # ---- customer personal data to an outside party: must warn ----
    fwd("fwd-tb-en-pii-a", frm="misaki.tanaka", to=[midori], fmt="tb-en", src=C1, enc="u8-8bit", day=8, hour=10,
        note="""
みどり会計 福田様

お世話になっております。サクラシステム経理部の田中です。
業務委託先の大野様から個人番号をいただきましたので転送いたします。
支払調書の作成にご利用ください。
""")
    fwd("fwd-tb-en-pii-b", frm="koji.inoue", to=[aoba], fmt="tb-en", src=C3, enc="jis", day=10, hour=9,
        note="""
アオバ物流 後藤様

サクラシステム物流管理部の井上です。
下記のお客様、配送先が変わりましたので転送します。次回分から新住所でお願いします。
""", own_sig="""
-- 
井上 浩二 / サクラシステム株式会社 物流管理部
TEL 03-1234-5678（内線5102）""")
    fwd("fwd-tb-ja-pii-a", frm="takuya.yamamoto", to=[("藤井 理恵", "fujii.rie@towa-denki.co.jp")], fmt="tb-ja", src=C4,
        enc="u8-b64", day=12, hour=11, note="""
東和電機株式会社
藤井様

サクラシステムの山本です。
下記のお客様の修理引き取りをお願いいたします。ご連絡先はお客様の署名のとおりです。
""")
    fwd("fwd-tb-ja-pii-b", frm="yumi.watanabe", to=[midori], fmt="tb-ja", src=C6, enc="sjis-8bit", day=14, hour=10,
        note="""
福田様

いつもお世話になっております。総務の渡辺でございます。
荒木様より番号のご連絡がありましたので、お送りいたします。
""", own_sig="""
----------------------------------------
サクラシステム株式会社 総務部 渡辺 由美
TEL 03-1234-5678（内線 1105）
----------------------------------------""")
    fwd("fwd-ol-en-pii-a", frm="akiko.shimizu", to=[("西村 優子", "y-nishimura@taiyo-systems.co.jp")], fmt="ol-en",
        src=C2, enc="word-alt-jis", day=9, hour=14, variant=0, note="""
大洋システムズ 西村様

お世話になっております。サクラシステム大阪支店の清水です。
返金処理の代行をお願いしているお客様から、振込先のご連絡がありました。
""", own_sig="""
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
清水 亜希子
サクラシステム株式会社 大阪支店 経理部
TEL 06-6345-1200
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝""")
    fwd("fwd-ol-en-pii-b", frm="hanako.suzuki", to=[suzuran], fmt="ol-en", src=C5, enc="jis", day=14, hour=13,
        variant=1, note="""
スズラン企画 中島様

サクラシステムの鈴木です。
キャンペーンにお申込みのお客様です。記念品の発送をお願いいたします。
""")
    fwd("fwd-ol-ja-pii-a", frm="makoto.kobayashi", to=[kodama], fmt="ol-ja", src=C7, enc="word-html-u8", day=15,
        hour=9, variant=0, note="""
こだま精機 斎藤様

いつもお世話になっております。サクラシステム名古屋営業所の小林です。
京都のお客様から出張修理のお申込みがありました。ご対応をお願いできますでしょうか。
""", own_sig="""
小林 誠
サクラシステム株式会社 名古屋営業所
052-561-3300""")
    fwd("fwd-ol-ja-pii-b", frm="mayumi.kato", to=[("村上 葵", "murakami@aoba-logi.co.jp")], fmt="ol-ja", src=C8,
        enc="sjis-b64", day=16, hour=15, variant=1, note="""
アオバ物流 村上様

サクラシステム購買部の加藤です。
口座振替のお手続きをお願いしているお客様からの連絡を転送します。
""")
    fwd("fwd-ol-block-pii-a", frm="ichiro.sato", to=[("川口 美穂", "miho.kawaguchi@minato-soft.co.jp")],
        fmt="ol-block-ja", src=C5, enc="word-alt-u8", day=14, hour=16, note="""
ミナトソフト 川口様

お世話になっております。佐藤です。
システム登録をお願いしているお客様の申込内容です。よろしくお願いいたします。
""", own_sig="""
━━━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 営業部 課長
佐藤 一郎
TEL 03-1234-5678 / 携帯 080-4411-2345
━━━━━━━━━━━━━━━━━━━━━━""")
    fwd("fwd-ol-block-pii-b", frm="naoki.yamada", to=[("原 佳奈", "hara@nishinihon-trading.co.jp")],
        fmt="ol-block-en", src=C1, enc="word-html-jis", day=9, hour=8, note="""
原様

サクラシステム福岡営業所の山田です。
ご依頼のあった個人番号のメールを転送いたします。
""")
    fwd("fwd-gmail-pii-a", frm="shuhei.hayashi", to=[("森田 浩二", "morita@nishinihon-trading.co.jp")], fmt="gmail",
        src=C3, enc="u8-qp", html="gmail", day=10, hour=12, note="""
森田次長

林です。お客様の新しいご住所です。ご登録をお願いします。
""")
    fwd("fwd-gmail-pii-b", frm="sho.yoshida", to=[("坂本 龍", "r.sakamoto@hikari-net.jp")], fmt="gmail", src=C2,
        enc="u8-8bit", day=9, hour=18, note="""
ヒカリネット 坂本様

サクラシステムの吉田です。返金先口座のご連絡を転送します。
""", own_sig="""
-- 
吉田 翔（サクラシステム株式会社 システム開発部）""")
    fwd("fwd-becky-pii-a", frm="kenta.takahashi", to=[("岡田 さやか", "s-okada@hokuto-shoji.co.jp")], fmt="becky",
        src=C6, enc="sjis-8bit", day=14, hour=12, note="""
北斗商事 岡田様

サクラシステムの高橋です。
荒木様のご連絡、転送いたします。
""")
    fwd("fwd-becky-pii-b", frm="saori.kimura", to=[("長谷川 誠一", "hasegawa@marusan-print.co.jp")], fmt="becky",
        src=C8, enc="jis", day=16, hour=17, note="""
丸三印刷 長谷川様

いつもお世話になっております。サクラシステムの木村です。
DM発送リストへの追加をお願いしたいお客様です。
""", own_sig="""
◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇
サクラシステム株式会社 営業企画部
木村 沙織
TEL：03-1234-5678
◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇""")

    # ---- business mail only: stays info ----
    fwd("fwd-tb-en-business-a", frm="ichiro.sato", to=[who("kenta.takahashi")], fmt="tb-en", src=B1, enc="u8-8bit",
        day=7, hour=16, note="""
高橋さん

ミナトソフトさんから API の回答が来ました。参考までに。
""", own_sig="""
-- 
佐藤""")
    fwd("fwd-tb-en-business-b", frm="ichiro.sato", to=[("Jennifer Lee", "jlee@pacificbridge.com")], fmt="tb-en",
        src=B3, enc="ascii", day=9, hour=9, note="""
Hi Jennifer,

Forwarding Michael's note for your records.

Ichiro
""")
    fwd("fwd-tb-ja-business-a", frm="hanako.suzuki", to=[("西村 優子", "y-nishimura@taiyo-systems.co.jp")],
        fmt="tb-ja", src=B2, enc="jis", day=8, hour=13, note="""
大洋システムズ 西村様

サクラシステムの鈴木です。
北斗商事様から内示をいただきましたので共有いたします。ソフトの手配をお願いできますでしょうか。
""", own_sig="""
----------------------------------------
サクラシステム株式会社 営業部 鈴木 花子
03-1234-5678
----------------------------------------""")
    fwd("fwd-tb-ja-business-b", frm="megumi.nakamura", to=[who("saori.kimura")], fmt="tb-ja", src=B5, enc="u8-qp",
        day=13, hour=18, note="""
木村さん

中村です。校正刷りは明日届くそうです。
""")
    fwd("fwd-ol-en-business-a", frm="mayumi.kato", to=[who("takayuki.mori")], cc=[who("misaki.tanaka")], fmt="ol-en",
        src=B4, enc="word-alt-jis", day=12, hour=15, variant=0, note="""
森部長

購買部の加藤です。
東和電機から価格改定の通知がありました。影響額を試算中です。
""", own_sig="""
加藤 真由美
購買部（内線 1820）""")
    fwd("fwd-ol-en-business-b", frm="makoto.kobayashi", to=[("斎藤 学", "saito.manabu@kodama-seiki.co.jp")],
        fmt="ol-en", src=B6, enc="jis", day=14, hour=11, variant=1, note="""
こだま精機 斎藤様

お世話になっております。サクラシステムの小林です。
名古屋営業所の回線工事日程が決まりましたので、ご参考までに転送いたします。
当日は機器設定のご協力をお願いいたします。
""")
    fwd("fwd-ol-ja-business-a", frm="takayuki.mori", to=[("三浦 千尋", "c-miura@kaede-kogyo.co.jp")],
        fmt="ol-ja", src=B4, enc="word-html-sjis", day=13, hour=9, variant=1, note="""
カエデ工業 三浦様

サクラシステム品質保証部の森です。
部材メーカーからの通知を共有いたします。筐体価格への影響をご確認ください。
""", own_sig="""
────────────────────────
サクラシステム株式会社 品質保証部 部長
森 隆之
TEL 03-1234-5678
────────────────────────""")
    fwd("fwd-ol-ja-business-b", frm="kenta.takahashi", to=[who("sho.yoshida"), who("naoki.yamada")], fmt="ol-ja",
        src=B7, enc="u8-b64", day=15, hour=18, variant=0, note="""
吉田さん、山田さん

カエデ工業から不良解析の結果が届きました。5月8日以降の生産分は対策済みとのことです。
""")
    fwd("fwd-ol-block-business-a", frm="daisuke.ito", to=[("青木 隆", "t-aoki@taiyo-systems.co.jp")],
        fmt="ol-block-ja", src=B2, enc="word-alt-sjis", day=8, hour=17, note="""
大洋システムズ 青木部長

サクラシステムの伊藤です。
北斗商事様の案件、内示が出ました。共同提案の件、引き続きよろしくお願いいたします。
""", own_sig="""
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊
サクラシステム株式会社 大阪支店 支店長 伊藤 大輔
TEL 06-6345-1200
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊""")
    fwd("fwd-ol-block-business-b", frm="sho.yoshida", to=[who("kenta.takahashi")], fmt="ol-block-en", src=B3,
        enc="word-html-u8", day=9, hour=11, note="""
高橋さん

吉田です。Pacific Bridge の出荷予定、念のため共有します。
""")
    fwd("fwd-gmail-business-a", frm="koji.inoue", to=[("後藤 信也", "goto@aoba-logi.co.jp")], fmt="gmail", src=B7,
        enc="u8-qp", html="gmail", day=15, hour=19, note="""
アオバ物流 後藤様

サクラシステムの井上です。
部品メーカーの回答です。5月8日以前の在庫は出荷保留でお願いします。
""", own_sig="""
--
井上 浩二
サクラシステム株式会社 物流管理部
TEL 03-1234-5678 内線5102""")
    fwd("fwd-gmail-business-b", frm="aya.matsumoto", to=[who("yumi.watanabe")], fmt="gmail", src=B5, enc="u8-b64",
        day=13, hour=19, note="""
渡辺さん

松本です。丸三印刷さんが明日来社されます。受付へ伝えておいていただけますか。
""")
    fwd("fwd-becky-business-a", frm="shuhei.hayashi", to=[who("makoto.kobayashi")], fmt="becky", src=B6,
        enc="sjis-8bit", day=14, hour=14, note="""
小林所長

林です。ヒカリネットさんの工事日程、確定の連絡です。
""")
    fwd("fwd-becky-business-b", frm="naoki.yamada", to=[("原 佳奈", "hara@nishinihon-trading.co.jp")], fmt="becky",
        src=B1, enc="jis", day=7, hour=18, note="""
西日本トレーディング 原様

サクラシステム福岡の山田です。
API の仕様についてメーカーから回答がありましたので、お送りします。
""", own_sig="""
――――――――――――――――――――――――
サクラシステム株式会社 福岡営業所 山田 直樹
TEL 092-441-5500
――――――――――――――――――――――――""")


# ==========================================================================
# replies to the customer, and traps
# ==========================================================================

# Private customers who close with their details and no labels, and customers who
# write in English: forwarded to an outside company, they must be warned.
C11 = orig(("k-ishida@docomo.ne.jp", "k-ishida@docomo.ne.jp"), [SUPPORT], "修理依頼", 16, 17, """
ロータリーテーブルが回りません
見に来てください

石田勝
千葉県船橋市本町4-21-3
090-8812-4470
""")
C12 = orig(("上田 亮介", "ryo.ueda.77@yahoo.co.jp"), [SUPPORT], "パンフレット送付のお願い", 17, 9, """
サクラシステム御中

御社の勤怠管理システムのパンフレットを郵送で頂けますでしょうか。
送り先は下記です。よろしくお願いします。

上田 亮介
長野県松本市深志2-5-11 グリーンハイツ203
0263-88-4127
""")
C13 = orig(("Daniel Brooks", "dan.brooks.jp@gmail.com"), [SUPPORT], "Inquiry about a used controller", 18, 16, """
Hello,

I bought a used controller and need the manual. Could someone call me?

Daniel Brooks
3-14-7 Minami-Azabu, Minato-ku, Tokyo 106-0047
Mobile: 080-4471-9923
Date of birth: 12 March 1982
""")
C14 = orig(("Emily Carter", "emily.carter81@icloud.com"), [SUPPORT], "Membership application", 19, 20, """
Dear Sakura System,

Please find my details for the membership below.

Name: Emily Carter
Born: July 4, 1981
Address: 2-8-15 Kitazawa, Setagaya-ku, Tokyo
Tel: 03-3468-2271

Best regards,
Emily
""")


def forwards_more() -> None:
    fwd("fwd-private-closing-a", frm="takuya.yamamoto", to=[("森田 浩二", "morita@nishinihon-trading.co.jp")],
        fmt="ol-en", src=C11, enc="u8-8bit", day=16, hour=18, note="""
森田様

携帯メールで修理依頼が来ました。対応をお願いします。

山本
""")
    fwd("fwd-private-closing-b", frm="hanako.suzuki", to=[("後藤 信也", "goto@aoba-logi.co.jp")],
        fmt="gmail", src=C12, enc="jis", day=17, hour=10, note="""
アオバ物流 後藤様

パンフレットの発送をお願いします。送付先は下記のお客様です。
""", own_sig="""
-- 
サクラシステム株式会社 営業部 鈴木 花子""")
    fwd("fwd-english-customer-a", frm="ichiro.sato", to=[("Kevin Ng", "kevin.ng@pacific-bridge.com")],
        fmt="tb-en", src=C13, enc="u8-b64", day=18, hour=17, note="""
Dear Kevin,

Please contact the customer below directly about the manual.

Ichiro Sato
Sakura System Co., Ltd.
""")
    fwd("fwd-english-customer-b", frm="akiko.shimizu", to=[("西村 優子", "y-nishimura@taiyo-systems.co.jp")],
        fmt="ol-ja", src=C14, enc="word-alt-jis", day=20, hour=9, variant=1, note="""
大洋システムズ 西村様

会員登録の代行をお願いしているお客様からの申込です。ご対応ください。
""")


def replies_and_traps() -> None:
    q, mailer = mc.quoted("tb-wrote", C3)
    add("reply-customer-own-data-a", frm="takuya.yamamoto", to=[C3["frm"]], subject="Re: " + C3["subject"],
        enc="u8-b64", day=9, hour=23, mailer=mailer,
        extra=[("In-Reply-To", "<c3.chinatsu@icloud.com>"), ("References", "<c3.chinatsu@icloud.com>")],
        body=[p("""
野村 千夏 様

サクラシステム カスタマーサポートの山本でございます。
登録住所の変更を承りました。下記の内容で更新いたしましたので、念のためご確認ください。
"""), sig("""
-- 
サクラシステム株式会社 カスタマーサポート部
山本 拓也
サポート窓口 0120-123-456""")] + q)
    q, mailer = mc.quoted("ol-ja", C8)
    add("reply-customer-own-data-b", frm="misaki.tanaka", to=[C8["frm"]], subject="RE: 口座振替のご案内",
        enc="word-alt-jis", day=16, hour=13, mailer=mailer,
        extra=[("In-Reply-To", "<c8.satomi@yahoo.co.jp>"), ("References", "<c8.satomi@yahoo.co.jp>")],
        body=[p("""
高木 里美 様

お世話になっております。サクラシステム経理部の田中でございます。
口座振替のお手続きを承りました。6月分より振替を開始いたします。
"""), sig("""
━━━━━━━━━━━━━━━━━━━━━━
サクラシステム株式会社 経理部
田中 美咲
TEL 03-1234-5678
━━━━━━━━━━━━━━━━━━━━━━""")] + q)

    # a roster at the end, then the company's domain/URL line: not a signature
    add("trap-roster-before-domain-a", frm="saori.kimura", to=[("中島 亮", "nakajima@suzuran-kikaku.co.jp")],
        subject="招待者リスト（追加分）", enc="jis", day=20, hour=12, body=[p("""
スズラン企画 中島様

サクラシステムの木村です。
フェアの招待状、追加で下記の方々への発送をお願いします。
"""), ("p", """大野 恵美　090-3456-7812　東京都中野区中野5-24-3
杉山 大地　080-2233-4455　埼玉県さいたま市浦和区高砂2-8-15
野村 千夏　070-5566-7788　神奈川県横浜市中区山下町1-3
久保田 茂　052-241-8890　愛知県名古屋市中区大須3-30-40
宮崎 結衣　090-8811-2200　福岡県福岡市中央区大名1-12-5
https://www.sakura-sys.co.jp/""".split("\n"))])
    add("trap-roster-before-domain-b", frm="shuhei.hayashi", to=[("原 佳奈", "hara@nishinihon-trading.co.jp")],
        subject="展示会来場者の連絡先", enc="u8-qp", day=21, hour=15, body=[p("""
原様

林です。先日の展示会でアンケートにご回答いただいた方です。
フォローのお電話をお願いいたします。
"""), ("p", """・荒木 健二 様（京都市上京区）TEL 075-231-4567
・高木 里美 様（豊島区南池袋2-30-8）TEL 090-4545-1212
・内田 康介 様（京都市北区小山下総町5-1）TEL 080-6123-4455
・小野寺 真一 様（仙台市青葉区一番町3-6-1）TEL 022-266-1234
・北川 真央 様（札幌市中央区南一条西4-5）TEL 011-555-8080
・西田 亮 様（広島市中区紙屋町1-2-22）TEL 082-545-6767
サクラシステム株式会社 sakura-sys.co.jp""".split("\n"))])

    # new mail, typed "-----Original Message-----", then a My Number
    add("trap-typed-original-mynumber-a", frm="aya.matsumoto", to=[("福田 直子", "fukuda@midori-tax.jp")],
        subject="年末調整の資料", enc="jis", day=22, hour=10, body=[p("""
みどり会計 福田様

サクラシステム人事部の松本です。
中途入社の社員分、以下のとおりお送りします。

-----Original Message-----
氏名：小野寺 真一
個人番号：1234 5678 9018
扶養：なし
""")])
    add("trap-typed-original-mynumber-b", frm="yumi.watanabe", to=[("今井 陽子", "imai.yoko@kodama-seiki.co.jp")],
        subject="出向者の手続きについて", enc="word-alt-u8", day=23, hour=14, body=[p("""
こだま精機 今井様

お世話になっております。サクラシステム総務部の渡辺です。
出向者の社会保険手続きに必要な情報です。

-----Original Message-----
北川 真央　マイナンバー 987654321093
"""), sig("""
渡辺 由美
サクラシステム株式会社 総務部
TEL 03-1234-5678""")])


def verify() -> int:
    bad = 0
    for name, data, subject, _ in FIX:
        for variant, blob in (("LF", data), ("CRLF", data.replace(b"\n", b"\r\n"))):
            m = email.message_from_bytes(blob, policy=policy.default)
            if str(m["Subject"]) != subject:
                print(f"!! {name} {variant}: subject {str(m['Subject'])!r}")
                bad += 1
            if any(p.defects for p in m.walk()):
                print(f"!! {name} {variant}: defects")
                bad += 1
            try:
                texts = mc.decoded_texts(m)
            except (UnicodeDecodeError, LookupError) as e:
                print(f"!! {name}: body does not decode: {e}")
                bad += 1
                continue
            if not texts:
                print(f"!! {name}: no text part")
                bad += 1
        if b"\r" in data:
            print(f"!! {name}: contains CR")
            bad += 1
    return bad


def main() -> int:
    check_only = "--check" in sys.argv[1:]
    signatures()
    forwards()
    replies_and_traps()
    forwards_more()
    names = [n for n, _, _, _ in FIX]
    assert len(names) == len(set(names))
    if check_only:
        for name, data, _, _ in FIX:
            path = OUT / name
            if not path.exists() or path.read_bytes() != data:
                print(f"!! {name} differs from what the generator produces")
                return 1
    else:
        for name, data, _, _ in FIX:
            (OUT / name).write_bytes(data)
        print(f"wrote {len(FIX)} fixtures to {OUT}")
    bad = verify()
    if bad:
        print(f"{bad} problem(s)")
        return 1
    print("all 41-* fixtures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
